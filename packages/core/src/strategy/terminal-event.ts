/**
 * Maps a finished Response to the TurnEvent that ends a turn. Shared by every execution strategy.
 *
 * @module
 */
import type { TurnEvent } from '../domain/events.js';
import type { ResponseObject } from '../domain/items.js';

/** The events that end a turn. */
export type TerminalTurnEvent = Extract<
  TurnEvent,
  { readonly type: 'completed' | 'incomplete' | 'failed' | 'cancelled' }
>;

/**
 * The terminal event for `response`: `completed`, `incomplete` (with `incomplete_details.reason`),
 * `failed` (with `error.code`/`error.message`) or `cancelled`. `undefined` while the response is
 * still `queued` or `in_progress` (a background response that has not finished).
 *
 * @param turnId - the turn the response belongs to
 * @param response - a Response as the API returned it
 * @since 0.1.0
 * @example
 * ```ts
 * const event = terminalEvent('turn_1', response);
 * if (event !== undefined) context.emit(event);
 * ```
 */
export function terminalEvent(
  turnId: string,
  response: ResponseObject,
): TerminalTurnEvent | undefined {
  switch (response.status) {
    case 'completed':
      return { type: 'completed', turnId, response };
    case 'incomplete':
      return {
        type: 'incomplete',
        turnId,
        response,
        reason: response.incomplete_details?.reason ?? 'unknown',
      };
    case 'failed':
      return {
        type: 'failed',
        turnId,
        response,
        code: response.error?.code ?? undefined,
        message: response.error?.message ?? 'the response failed without an error message',
      };
    case 'cancelled':
      return { type: 'cancelled', turnId, responseId: response.id };
    default:
      return undefined;
  }
}

/**
 * True when `response` has reached a terminal status.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * if (isTerminalResponse(response)) stopPolling();
 * ```
 */
export function isTerminalResponse(response: ResponseObject): boolean {
  return terminalEvent('', response) !== undefined;
}
