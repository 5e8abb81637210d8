/**
 * The translation of one Responses API stream event into Weft's `TurnEvent`. Pure and shared: the
 * stream strategy uses it, and so can any other strategy that reads an event stream (background
 * turns driven by `retrieveStream`).
 *
 * @module
 */
import type { DeltaKind, ResponseObject, TurnEvent } from '@weft/core';
import { terminalEvent } from '@weft/core';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

/** Stream event types that end a response. */
const terminalTypes: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.cancelled',
]);

/** Stream event types that extend a piece of text, and the delta kind each one maps to. */
const deltaKinds: ReadonlyMap<string, DeltaKind> = new Map<string, DeltaKind>([
  ['response.output_text.delta', 'text'],
  ['response.refusal.delta', 'refusal'],
  ['response.reasoning_text.delta', 'reasoning'],
  ['response.reasoning_summary_text.delta', 'reasoning_summary'],
  ['response.function_call_arguments.delta', 'function_arguments'],
]);

/** The loose view of an event's fields; servers differ in which ones they send. */
interface LooseEvent {
  readonly type: string;
  readonly sequence_number?: unknown;
  readonly item_id?: unknown;
  readonly output_index?: unknown;
  readonly delta?: unknown;
  readonly item?: unknown;
  readonly response?: unknown;
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asIndex = (value: unknown): number => (typeof value === 'number' ? value : 0);

/**
 * The `sequence_number` of a stream event, or `undefined` when the server left it out (older
 * recordings and some compatible servers do).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const seq = sequenceNumberOf(event); // 0 for response.created, undefined when absent
 * ```
 */
export function sequenceNumberOf(event: ResponseStreamEvent): number | undefined {
  const value = (event as LooseEvent).sequence_number;
  return typeof value === 'number' ? value : undefined;
}

/**
 * The Response snapshot an event carries (`response.created`, `.queued`, `.in_progress` and the
 * terminal events), or `undefined`.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const id = responseOf(event)?.id;
 * ```
 */
export function responseOf(event: ResponseStreamEvent): ResponseObject | undefined {
  const response = (event as LooseEvent).response;
  if (typeof response !== 'object' || response === null) return undefined;
  return typeof (response as { id?: unknown }).id === 'string'
    ? (response as ResponseObject)
    : undefined;
}

/**
 * True for `response.completed`, `response.incomplete`, `response.failed` (and `response.cancelled`).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * if (isTerminalStreamEvent(event)) finalResponse = responseOf(event);
 * ```
 */
export function isTerminalStreamEvent(event: ResponseStreamEvent): boolean {
  return terminalTypes.has(event.type);
}

/**
 * The delta kind of a text-extending event (`text`, `refusal`, `reasoning`, `reasoning_summary`,
 * `function_arguments`), or `undefined` for any other event.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * deltaKindOf({ type: 'response.output_text.delta', ... }); // 'text'
 * ```
 */
export function deltaKindOf(event: ResponseStreamEvent): DeltaKind | undefined {
  return deltaKinds.get(event.type);
}

/**
 * Maps one SDK stream event to the `TurnEvent` it stands for, or `undefined` for events that carry
 * nothing a consumer acts on (`in_progress`, `queued`, part boundaries, `.done` of texts whose
 * deltas were already reported, hosted-tool progress, and any event type this version does not
 * know).
 *
 * **Details**
 * - `response.created` → `created` (the caller must store the response id first: write-ahead).
 * - `*.delta` of output text, refusal, reasoning text, reasoning summary and function arguments →
 *   `delta` with its kind, `itemId` and `outputIndex`.
 * - `response.output_item.done` → `item.done` with the finished item.
 * - `response.completed` / `.incomplete` / `.failed` → the terminal event, as `terminalEvent`
 *   builds it from the final Response.
 * - Missing `item_id` / `output_index` (lax compatible servers) become `''` / `0`.
 *
 * @param turnId - the turn the stream belongs to
 * @param event - an event as the `openai` SDK parsed it
 * @since 0.1.0
 * @example
 * ```ts
 * const turnEvent = mapStreamEvent('turn_1', event);
 * if (turnEvent !== undefined) context.emit(turnEvent);
 * ```
 */
export function mapStreamEvent(turnId: string, event: ResponseStreamEvent): TurnEvent | undefined {
  const loose = event as LooseEvent;
  const kind = deltaKinds.get(event.type);
  if (kind !== undefined) {
    return {
      type: 'delta',
      turnId,
      kind,
      itemId: asString(loose.item_id),
      outputIndex: asIndex(loose.output_index),
      delta: asString(loose.delta),
    };
  }
  switch (event.type) {
    case 'response.created': {
      const response = responseOf(event);
      if (response === undefined) return undefined;
      return {
        type: 'created',
        turnId,
        responseId: response.id,
        status: response.status ?? 'in_progress',
      };
    }
    case 'response.output_item.done': {
      if (typeof loose.item !== 'object' || loose.item === null) return undefined;
      return {
        type: 'item.done',
        turnId,
        outputIndex: asIndex(loose.output_index),
        item: event.item,
      };
    }
    default:
      break;
  }
  if (terminalTypes.has(event.type)) {
    const response = responseOf(event);
    if (response === undefined) return undefined;
    return terminalEvent(turnId, withTerminalStatus(event.type, response));
  }
  return undefined;
}

/** The final Response with a status that agrees with the event type that delivered it. */
export function withTerminalStatus(type: string, response: ResponseObject): ResponseObject {
  const status = terminalStatusOf.get(type);
  return status === undefined || response.status === status ? response : { ...response, status };
}

const terminalStatusOf: ReadonlyMap<string, NonNullable<ResponseObject['status']>> = new Map([
  ['response.completed', 'completed'],
  ['response.incomplete', 'incomplete'],
  ['response.failed', 'failed'],
  ['response.cancelled', 'cancelled'],
] as const);
