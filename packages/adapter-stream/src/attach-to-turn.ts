/**
 * Re-attaching to a turn's events without a message broker: the store's event log first, then
 * live events from the in-process bus (same process) or by polling the store (any process).
 *
 * @module
 */
import type { NotFound, StorageError, StoredEvent, TurnEvent, TurnStoreShape } from '@weft/core';
import { Effect, Queue, Stream } from 'effect';
import { defaultTurnEventBus, type TurnEventBus } from './turn-event-bus.js';

/** Options of {@link attachToTurn} and {@link attachToTurnStream}. */
export interface AttachToTurnOptions {
  /** The store the turn's events are written to (the same SQLite file, for another process). */
  readonly store: TurnStoreShape;
  readonly turnId: string;
  /** The first event index to deliver (default 0: everything). */
  readonly fromIndex?: number | undefined;
  /** How often to look at the store when no in-process notification arrives, ms (default 250). */
  readonly pollIntervalMs?: number | undefined;
  /** Stops reading; the iteration ends without an error. */
  readonly signal?: AbortSignal | undefined;
  /** The bus the stream strategy publishes to (default: the shared `defaultTurnEventBus`). */
  readonly bus?: TurnEventBus | undefined;
  /** Events read ahead of a slow consumer before reading pauses (default 256). */
  readonly bufferSize?: number | undefined;
}

const terminalEvents: ReadonlySet<TurnEvent['type']> = new Set([
  'completed',
  'incomplete',
  'failed',
  'cancelled',
]);
const terminalStatuses: ReadonlySet<string> = new Set([
  'completed',
  'incomplete',
  'failed',
  'cancelled',
]);

/** Bus notifications kept for a reader that has fallen behind; beyond this it re-reads the store. */
const inboxLimit = 4096;

type Wake = 'events' | 'poll' | 'end';

/**
 * The events of a turn from `fromIndex` on, as an Effect `Stream`: first what the store holds,
 * then live events until the turn's terminal event (`completed`, `incomplete`, `failed`,
 * `cancelled`), or until the turn record itself is terminal (an interrupted stream has no
 * terminal event). Indexes are contiguous: no duplicates, no gaps.
 *
 * **Details**: in the process that streams the turn, new events arrive through the event bus right
 * after each batch is stored; elsewhere the store is polled every `pollIntervalMs`. A turn whose
 * process died stays `in_progress` until `weft.open()` recovers its conversation; abort the
 * reader with `signal` to stop waiting.
 *
 * @throws NotFound — no such turn; StorageError — the store failed
 * @since 0.1.0
 * @example
 * ```ts
 * const events = yield* Stream.runCollect(attachToTurnStream({ store: weft.store.turns, turnId }));
 * ```
 */
export function attachToTurnStream(
  options: AttachToTurnOptions,
): Stream.Stream<StoredEvent, StorageError | NotFound> {
  const { store, turnId, signal } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const bus = options.bus ?? defaultTurnEventBus;
  return Stream.callback<StoredEvent, StorageError | NotFound>(
    (queue) =>
      Effect.gen(function* () {
        let next = Math.max(0, Math.floor(options.fromIndex ?? 0));
        let inbox: StoredEvent[] = [];
        let behind = false;
        let ended = false;
        let waiting: ((reason: Wake) => void) | undefined;

        const unsubscribe = bus.subscribe(turnId, {
          onEvents: (events) => {
            if (inbox.length + events.length > inboxLimit) {
              inbox = [];
              behind = true;
            } else {
              for (const event of events) inbox.push(event);
            }
            waiting?.('events');
          },
          onEnd: () => {
            ended = true;
            waiting?.('end');
          },
        });
        yield* Effect.addFinalizer(() => Effect.sync(unsubscribe));

        /** Delivers events in index order; true once the terminal event went out. */
        const deliver = (events: readonly StoredEvent[]) =>
          Effect.gen(function* () {
            for (const stored of events) {
              if (stored.index < next) continue;
              if (stored.index > next) return 'gap' as const;
              yield* Queue.offer(queue, stored);
              next++;
              if (terminalEvents.has(stored.event.type)) return 'terminal' as const;
            }
            return 'ok' as const;
          });

        const wait = Effect.callback<Wake>((resume) => {
          if (inbox.length > 0 || behind) return resume(Effect.succeed('events'));
          if (ended) return resume(Effect.succeed('end'));
          const timer = setTimeout(() => done('poll'), pollIntervalMs);
          const onAbort = () => done('end');
          signal?.addEventListener('abort', onAbort, { once: true });
          function done(reason: Wake) {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            waiting = undefined;
            resume(Effect.succeed(reason));
          }
          waiting = done;
          return Effect.sync(() => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            waiting = undefined;
          });
        });

        let readStore = true;
        while (signal?.aborted !== true) {
          if (!readStore && inbox.length > 0) {
            const events = inbox;
            inbox = [];
            const result = yield* deliver(events);
            if (result === 'terminal') break;
            if (result === 'gap') readStore = true;
          }
          if (behind) {
            behind = false;
            readStore = true;
          }
          if (readStore) {
            readStore = false;
            inbox = inbox.filter((event) => event.index >= next);
            const stored = yield* store.readEvents(turnId, next);
            const result = yield* deliver(stored);
            if (result === 'terminal') break;
            if (stored.length === 0 || ended) {
              const turn = yield* store.getTurn(turnId);
              if (terminalStatuses.has(turn.status)) {
                // The record ended without (or after) its last batch: one final read, then stop.
                const rest = yield* store.readEvents(turnId, next);
                yield* deliver(rest);
                break;
              }
              ended = false;
            }
          }
          const reason = yield* wait;
          if (reason !== 'events') readStore = true;
        }
        yield* Queue.end(queue);
      }),
    { bufferSize: options.bufferSize ?? 256, strategy: 'suspend' },
  );
}

/**
 * The events of a turn from `fromIndex` on, as an `AsyncIterable`: every stored event, then live
 * ones until the turn ends. Leaving the `for await` early stops reading. See
 * {@link attachToTurnStream} for the details.
 *
 * @throws NotFound — no such turn; StorageError — the store failed
 * @since 0.1.0
 * @example
 * ```ts
 * for await (const { index, event } of attachToTurn({ store: weft.store.turns, turnId, fromIndex: 12 })) {
 *   res.write(`id: ${index}\ndata: ${JSON.stringify(event)}\n\n`);
 * }
 * ```
 */
export function attachToTurn(options: AttachToTurnOptions): AsyncIterable<StoredEvent> {
  return Stream.toAsyncIterable(attachToTurnStream(options));
}
