/**
 * One poll of a background response: `GET /v1/responses/{id}`, new output items logged and kept as
 * partial output, and the answer classified for the caller's schedule.
 *
 * @module
 */
import type {
  ClientError,
  NotFound,
  ResponseObject,
  ResponsesClientShape,
  StorageError,
  TurnStoreShape,
} from '@weft/core';
import { isTerminalResponse } from '@weft/core';
import { Effect } from 'effect';
import type { EventLog } from './event-log.js';

/** What one poll found. */
export type PollResult =
  | { readonly kind: 'terminal'; readonly response: ResponseObject }
  | {
      readonly kind: 'pending';
      readonly progressed: boolean;
      readonly retryAfterMs: number | undefined;
      /** The response's status; undefined when the poll failed (`error` says how). */
      readonly status: string | undefined;
      /** A transient failure polled through (5xx, timeout, 429, dropped connection). */
      readonly error?: ClientError | undefined;
    }
  /** The server no longer has the response (expired or deleted). */
  | { readonly kind: 'expired'; readonly error: ClientError }
  /** The server refused the request in a way that retrying cannot fix. */
  | { readonly kind: 'refused'; readonly error: ClientError };

/** What a poller remembers between polls of one job. */
export interface PollState {
  readonly turnId: string;
  readonly responseId: string;
  /** Output items already stored as partial output. */
  outputCount: number;
}

const isDoneItem = (item: ResponseObject['output'][number]): boolean =>
  (item as { readonly status?: unknown }).status !== 'in_progress';

/**
 * Logs an `item.done` for every finished output item the log does not hold yet. Items still in
 * progress (a snapshot taken mid-item) wait for a later poll, unless the response is terminal.
 */
export function logNewItems(log: EventLog, turnId: string, response: ResponseObject): boolean {
  const terminal = isTerminalResponse(response);
  let added = false;
  response.output.forEach((item, outputIndex) => {
    if (log.isDone(outputIndex) || (!terminal && !isDoneItem(item))) return;
    log.record({ type: 'item.done', turnId, outputIndex, item });
    added = true;
  });
  return added;
}

/** Classifies a retrieve failure. */
export function classifyFailure(error: ClientError): PollResult {
  switch (error._tag) {
    case 'ResponseNotFound':
      return { kind: 'expired', error };
    case 'RateLimited':
      return { kind: 'pending', progressed: false, retryAfterMs: error.retryAfterMs, status: undefined, error };
    case 'ServerError':
    case 'Timeout':
    case 'StreamInterrupted':
    case 'Cancelled':
      return { kind: 'pending', progressed: false, retryAfterMs: undefined, status: undefined, error };
    default:
      return { kind: 'refused', error };
  }
}

/**
 * Retrieves the response once, logs new items, stores new partial output, and classifies. The
 * stores are written only after `fence` (the lease check) passed: a poll that returns after the
 * driver lost its lease writes nothing and fails with `fence`'s error.
 */
export function pollOnce<F>(
  client: ResponsesClientShape,
  turns: TurnStoreShape,
  state: PollState,
  log: EventLog,
  now: () => number,
  timeoutMs: number | undefined,
  fence: Effect.Effect<void, F>,
): Effect.Effect<PollResult, StorageError | NotFound | F> {
  return Effect.gen(function* () {
    const retrieved = yield* Effect.result(
      client.retrieve(state.responseId, timeoutMs === undefined ? undefined : { timeoutMs }),
    );
    if (retrieved._tag === 'Failure') return classifyFailure(retrieved.failure);
    const response = retrieved.success;
    const added = logNewItems(log, state.turnId, response);
    if (isTerminalResponse(response)) return { kind: 'terminal', response } as const;
    const grew = response.output.length > state.outputCount;
    const progressed = added || grew;
    if (progressed) yield* fence;
    if (grew) {
      yield* turns.recordPartialOutput(state.turnId, response.output, now());
      state.outputCount = response.output.length;
    }
    if (added) yield* log.flush();
    return { kind: 'pending', progressed, retryAfterMs: undefined, status: response.status } as const;
  });
}
