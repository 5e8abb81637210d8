/**
 * Event-log entries that repeat the turn's output, stored by reference. A blocking turn's
 * `item.done` events carry the output items and its terminal event the whole Response, output
 * included: the same bytes as the turn's `output` column. `finishTurn` writes those parts as a
 * marker; reads put the turn's output back, so readers see the events exactly as appended.
 *
 * @module
 */
import type { OutputItem, ResponseObject, TurnEvent } from '@weft/core';

/**
 * Stands for the turn's output (in a terminal event's `response.output`) or one of its items (in
 * an `item.done` event's `item`). Real events hold an array or an object there, never a string.
 */
const outputMarker = '$turn.output';

/**
 * The JSON stored for `event`: by reference when it repeats `output` (the turn's final output,
 * the very array the event came with), whole otherwise.
 */
export function encodeEvent(event: TurnEvent, output: readonly OutputItem[]): string {
  if (event.type === 'item.done' && output[event.outputIndex] === event.item) {
    return JSON.stringify({ ...event, item: outputMarker });
  }
  if (
    (event.type === 'completed' || event.type === 'incomplete' || event.type === 'failed') &&
    event.response?.output === output
  ) {
    return JSON.stringify({ ...event, response: { ...event.response, output: outputMarker } });
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
export function decodeEvent(json: string, outputOf: () => readonly OutputItem[]): TurnEvent {
  const event = JSON.parse(json) as TurnEvent;
  return mayReferenceOutput(json) ? resolveOutputReferences(event, outputOf) : event;
}

/** `event` (as parsed from the log) with references to the turn's output put back. */
export function resolveOutputReferences(
  event: TurnEvent,
  outputOf: () => readonly OutputItem[],
): TurnEvent {
  if (event.type === 'item.done' && (event.item as unknown) === outputMarker) {
    const item = outputOf()[event.outputIndex];
    return item === undefined ? event : { ...event, item };
  }
  if (
    (event.type === 'completed' || event.type === 'incomplete' || event.type === 'failed') &&
    event.response !== null &&
    (event.response.output as unknown) === outputMarker
  ) {
    const stored: ResponseObject = event.response;
    const response: ResponseObject = { ...stored, output: [...outputOf()] };
    return { ...event, response };
  }
  return event;
}
