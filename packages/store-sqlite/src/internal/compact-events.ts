/**
 * Event-log entries that repeat the turn's output, stored by reference. A blocking turn's
 * `item.done` events carry the output items and its terminal event the whole Response, output
 * included: the same bytes as the turn's `output` column. `finishTurn` writes those parts as a
 * marker; reads put the turn's output back, so readers see the events exactly as appended. The
 * terminal Response's `output_text` (derived from the output) and `usage` (the turn's own object)
 * are stored by reference the same way.
 *
 * @module
 */
import type { OutputItem, ResponseObject, TurnEvent, Usage } from '@weft/core';

/**
 * Stands for the turn's output (in a terminal event's `response.output`) or one of its items (in
 * an `item.done` event's `item`). Real events hold an array or an object there, never a string.
 */
const outputMarker = '$turn.output';

/**
 * Stands for a terminal Response's `output_text` when it is what the SDK derives from the output
 * (the `output_text` parts of its messages, joined), so it is derived again on read.
 */
const outputTextMarker = '$turn.output_text';

/** Stands for a terminal Response's `usage` when it is the turn's own `usage` object. */
const usageMarker = '$turn.usage';

/** The `output_text` the SDK derives from `output`: its messages' `output_text` parts, joined. */
export function outputTextOf(output: readonly OutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

/** The parts of a turn an event may refer to instead of repeating them. */
export interface TurnParts {
  readonly output: readonly OutputItem[];
  readonly usage: Usage | null;
}

/**
 * The JSON stored for `event`: by reference when it repeats `output` (the turn's final output,
 * the very array the event came with), whole otherwise.
 */
export function encodeEvent(event: TurnEvent, turn: TurnParts): string {
  const { output } = turn;
  if (event.type === 'item.done' && output[event.outputIndex] === event.item) {
    return JSON.stringify({ ...event, item: outputMarker });
  }
  if (
    (event.type === 'completed' || event.type === 'incomplete' || event.type === 'failed') &&
    event.response?.output === output
  ) {
    const response: Record<string, unknown> = { ...event.response, output: outputMarker };
    if (
      typeof response['output_text'] === 'string' &&
      response['output_text'] === outputTextOf(output)
    ) {
      response['output_text'] = outputTextMarker;
    }
    if (turn.usage !== null && response['usage'] === turn.usage) response['usage'] = usageMarker;
    return JSON.stringify({ ...event, response });
  }
  return JSON.stringify(event);
}

/** True when stored event JSON may hold a reference to the turn's output. */
export function mayReferenceOutput(json: string): boolean {
  return json.includes(outputMarker);
}

/**
 * The event stored as `json`, with references to the turn's output resolved through
 * `outputOf` (called only when one is found).
 */
export function decodeEvent(json: string, turnOf: () => TurnParts): TurnEvent {
  const event = JSON.parse(json) as TurnEvent;
  return mayReferenceOutput(json) ? resolveOutputReferences(event, turnOf) : event;
}

/** `event` (as parsed from the log) with references to the turn's output put back. */
export function resolveOutputReferences(event: TurnEvent, turnOf: () => TurnParts): TurnEvent {
  if (event.type === 'item.done' && (event.item as unknown) === outputMarker) {
    const item = turnOf().output[event.outputIndex];
    return item === undefined ? event : { ...event, item };
  }
  if (
    (event.type === 'completed' || event.type === 'incomplete' || event.type === 'failed') &&
    event.response !== null &&
    (event.response.output as unknown) === outputMarker
  ) {
    const { output, usage } = turnOf();
    const response: Record<string, unknown> = { ...event.response, output: [...output] };
    if (response['output_text'] === outputTextMarker)
      response['output_text'] = outputTextOf(output);
    if (response['usage'] === usageMarker) response['usage'] = usage;
    return { ...event, response: response as unknown as ResponseObject };
  }
  return event;
}
