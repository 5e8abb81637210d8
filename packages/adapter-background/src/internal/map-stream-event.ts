/**
 * The minimal mapping from SDK stream events to Weft turn events that background streaming needs:
 * `created`, deltas of every kind, and `item.done`. Terminal events are derived from the final
 * Response when the job ends, so they are not mapped here.
 *
 * @module
 */
import type { DeltaKind, TurnEvent } from '@weft/core';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

const deltaKinds: Readonly<Record<string, DeltaKind>> = {
  'response.output_text.delta': 'text',
  'response.refusal.delta': 'refusal',
  'response.reasoning_text.delta': 'reasoning',
  'response.reasoning_summary_text.delta': 'reasoning_summary',
  'response.function_call_arguments.delta': 'function_arguments',
};

/** The turn event for one stream event, or undefined when it has none. */
export function mapStreamEvent(turnId: string, event: ResponseStreamEvent): TurnEvent | undefined {
  if (event.type === 'response.created') {
    return {
      type: 'created',
      turnId,
      responseId: event.response.id,
      status: event.response.status ?? 'queued',
    };
  }
  if (event.type === 'response.output_item.done') {
    return { type: 'item.done', turnId, outputIndex: event.output_index, item: event.item };
  }
  const kind = deltaKinds[event.type];
  if (kind === undefined) return undefined;
  const delta = event as { readonly item_id?: unknown; readonly output_index?: unknown; readonly delta?: unknown };
  return {
    type: 'delta',
    turnId,
    kind,
    itemId: typeof delta.item_id === 'string' ? delta.item_id : '',
    outputIndex: typeof delta.output_index === 'number' ? delta.output_index : 0,
    delta: typeof delta.delta === 'string' ? delta.delta : '',
  };
}

/** The final Response carried by a terminal stream event. */
export function terminalResponse(event: ResponseStreamEvent) {
  return event.type === 'response.completed' ||
    event.type === 'response.incomplete' ||
    event.type === 'response.failed'
    ? event.response
    : undefined;
}
