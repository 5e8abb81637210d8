/**
 * A turn's event log as a background job writes it: events are emitted at once and appended to the
 * store in batches. Events the log already holds (after a resume) are not emitted or stored again.
 *
 * @module
 */
import type { NotFound, StorageError, TurnEvent, TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';

const terminalTypes: ReadonlySet<TurnEvent['type']> = new Set([
  'completed',
  'incomplete',
  'failed',
  'cancelled',
]);

/**
 * Emits and buffers a turn's events, skipping what the stored log already holds: `created` once,
 * `item.done` once per output index, deltas of items already done, and one terminal event.
 */
export class EventLog {
  private pending: { event: TurnEvent; at: number }[] = [];
  private created: boolean;
  private readonly itemsDone: Set<number>;
  private terminal: boolean;
  private readonly turns: TurnStoreShape;
  private readonly turnId: string;
  private readonly emit: (event: TurnEvent) => void;
  private readonly now: () => number;

  private constructor(
    turns: TurnStoreShape,
    turnId: string,
    emit: (event: TurnEvent) => void,
    now: () => number,
    stored: readonly TurnEvent[],
  ) {
    this.turns = turns;
    this.turnId = turnId;
    this.emit = emit;
    this.now = now;
    this.created = stored.some((e) => e.type === 'created');
    this.itemsDone = new Set(
      stored.flatMap((e) => (e.type === 'item.done' ? [e.outputIndex] : [])),
    );
    this.terminal = stored.some((e) => terminalTypes.has(e.type));
  }

  /** Opens the log of `turnId`, reading what it already holds. */
  static open(
    turns: TurnStoreShape,
    turnId: string,
    emit: (event: TurnEvent) => void,
    now: () => number,
  ): Effect.Effect<EventLog, StorageError> {
    return Effect.map(
      turns.readEvents(turnId, 0),
      (stored) => new EventLog(turns, turnId, emit, now, stored.map((s) => s.event)),
    );
  }

  /** How many output items are known to be done. */
  get doneCount(): number {
    return this.itemsDone.size;
  }

  /** True when `outputIndex` already has its `item.done`. */
  isDone(outputIndex: number): boolean {
    return this.itemsDone.has(outputIndex);
  }

  /** Events buffered but not yet stored. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Emits `event` and buffers it for the store, unless the log already holds it. */
  record(event: TurnEvent): void {
    switch (event.type) {
      case 'created':
        if (this.created) return;
        this.created = true;
        break;
      case 'delta':
        if (this.itemsDone.has(event.outputIndex) || this.terminal) return;
        break;
      case 'item.done':
        if (this.itemsDone.has(event.outputIndex)) return;
        this.itemsDone.add(event.outputIndex);
        break;
      default:
        if (this.terminal) return;
        this.terminal = true;
    }
    this.emit(event);
    this.pending.push({ event, at: this.now() });
  }

  /** Stores the buffered events. */
  flush(): Effect.Effect<void, StorageError | NotFound> {
    return Effect.suspend(() => {
      if (this.pending.length === 0) return Effect.void;
      const batch = this.pending;
      this.pending = [];
      return this.turns.appendEvents(this.turnId, batch).pipe(
        Effect.tapError(() =>
          Effect.sync(() => {
            this.pending = batch.concat(this.pending);
          }),
        ),
      );
    });
  }
}
