/**
 * The Response of a recorded call, as the client returned it when the turn ran.
 *
 * @module
 */
import type { OutputItem, ResponseObject } from '@weft/core';
import type { RecordedCall } from './load-recording.js';

/** The text of every `output_text` part, joined: what the SDK adds as `output_text`. */
export function outputTextOf(output: readonly OutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

/** The final Response kept in the turn's event log (stream turns), if any. */
function storedResponse(call: RecordedCall): ResponseObject | undefined {
  for (let i = call.events.length - 1; i >= 0; i--) {
    const event = call.events[i]?.event;
    if (event === undefined) continue;
    if (event.type === 'completed' || event.type === 'incomplete') return event.response;
    if (event.type === 'failed' && event.response !== null) return event.response;
  }
  return undefined;
}

const errorCodeIn = (message: string): string | undefined =>
  /failed \(([^)]+)\)/.exec(message)?.[1];

/**
 * The recorded Response of a call. A stream turn's log holds the exact final Response, which is
 * returned as is; otherwise it is rebuilt from the turn (id, status, output, usage, error,
 * incomplete reason, timings) and the request's echoed settings (model, instructions, tools, …).
 * `output_text` is added as the SDK adds it.
 *
 * @since 0.1.0
 */
export function recordedResponse(call: RecordedCall): ResponseObject {
  const stored = storedResponse(call);
  const { turn, request } = call;
  if (stored !== undefined) {
    return stored.output_text === undefined
      ? { ...stored, output_text: outputTextOf(stored.output) }
      : stored;
  }
  const status =
    turn.status === 'pending' || turn.status === 'in_progress' ? 'in_progress' : turn.status;
  const failedMessage = turn.error?.message ?? 'the response failed';
  const echo = request as Record<string, unknown>;
  const response = {
    id: turn.responseId ?? `resp_replay_${call.position}`,
    object: 'response',
    created_at: Math.floor((turn.timings.startedAt ?? turn.timings.createdAt) / 1000),
    ...(turn.timings.completedAt !== undefined && status === 'completed'
      ? { completed_at: Math.floor(turn.timings.completedAt / 1000) }
      : {}),
    status,
    model: typeof echo['model'] === 'string' ? echo['model'] : '',
    output: [...turn.output],
    output_text: outputTextOf(turn.output),
    usage: turn.usage ?? undefined,
    error:
      status === 'failed'
        ? { code: errorCodeIn(failedMessage) ?? 'server_error', message: failedMessage }
        : null,
    incomplete_details: turn.incompleteReason === null ? null : { reason: turn.incompleteReason },
    instructions: echo['instructions'] ?? null,
    tools: echo['tools'] ?? [],
    tool_choice: echo['tool_choice'] ?? 'auto',
    parallel_tool_calls: echo['parallel_tool_calls'] ?? true,
    temperature: echo['temperature'] ?? null,
    top_p: echo['top_p'] ?? null,
    metadata: echo['metadata'] ?? {},
    previous_response_id: echo['previous_response_id'] ?? null,
    ...(echo['text'] !== undefined ? { text: echo['text'] } : {}),
    ...(echo['reasoning'] !== undefined ? { reasoning: echo['reasoning'] } : {}),
    ...(echo['max_output_tokens'] !== undefined
      ? { max_output_tokens: echo['max_output_tokens'] }
      : {}),
    store: echo['store'] ?? true,
    background: false,
  };
  return response as unknown as ResponseObject;
}
