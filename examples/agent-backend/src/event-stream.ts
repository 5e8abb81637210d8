/**
 * The events of a send, for one SSE connection: each turn announced with its input, then its
 * stored events from the turn's event log (re-attaching from an index), then live ones; then the
 * next turn of the send, approvals as they are requested, and the end.
 *
 * Event ids are `<turnId>:<index>` (or `<turnId>:start` for the announcement), so a browser that
 * reconnects with `Last-Event-ID` continues exactly after the last event it received.
 */
import { attachToTurn } from '@weft/adapter-stream';
import type { TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';
import type { Activity } from './activity.js';
import { clientEvent, inputMessages } from './transcript.js';

/** One SSE frame. */
export interface SseFrame {
  readonly id?: string | undefined;
  readonly event: string;
  readonly data: unknown;
}

/** Where a reader left off. */
export interface EventCursor {
  readonly turnId: string;
  /** -1: only the announcement was seen; n: events up to index n were seen. */
  readonly index: number;
}

/** Reads a `Last-Event-ID` (or `?after=`) value; anything malformed means "from the start". */
export function parseCursor(value: string | undefined): EventCursor | undefined {
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9_-]{1,100}):(start|\d{1,9})$/.exec(value);
  if (match === null) return undefined;
  const [, turnId = '', index = 'start'] = match;
  return { turnId, index: index === 'start' ? -1 : Number(index) };
}

/** Options of {@link sendEvents}. */
export interface SendEventsOptions {
  readonly activity: Activity;
  readonly turns: TurnStoreShape;
  readonly cursor?: EventCursor | undefined;
  readonly signal: AbortSignal;
}

/** The frames of a send from `cursor` on; ends with a `done` frame, or when `signal` aborts. */
export async function* sendEvents(options: SendEventsOptions): AsyncGenerator<SseFrame> {
  const { activity, turns, signal } = options;
  let position = 0;
  let fromIndex = 0;
  let announced = false;
  const start = options.cursor === undefined ? -1 : activity.turnIds.indexOf(options.cursor.turnId);
  if (options.cursor !== undefined && start >= 0) {
    position = start;
    fromIndex = options.cursor.index + 1;
    announced = true;
  }
  let approvalsSent = -1;
  while (!signal.aborted) {
    const seen = activity.version;
    const turnId = activity.turnIds[position];
    if (turnId !== undefined) {
      if (!announced) {
        const turn = await Effect.runPromise(turns.getTurn(turnId));
        yield {
          id: `${turnId}:start`,
          event: 'turn',
          data: { turnId, messages: inputMessages(turnId, turn.request.input) },
        };
      }
      for await (const { index, event } of attachToTurn({
        store: turns,
        turnId,
        fromIndex,
        signal,
      })) {
        yield { id: `${turnId}:${index}`, event: event.type, data: clientEvent(event) };
      }
      if (signal.aborted) return;
      position++;
      fromIndex = 0;
      announced = false;
      continue;
    }
    if (activity.status === 'awaitingApproval' && approvalsSent !== seen) {
      approvalsSent = seen;
      yield { event: 'approval', data: { calls: activity.approvals } };
    }
    if (!activity.active) {
      yield { event: 'done', data: { status: activity.status, error: activity.error ?? null } };
      return;
    }
    await activity.changedSince(seen, signal);
  }
}
