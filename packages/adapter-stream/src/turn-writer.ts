/**
 * Batched persistence of a streaming turn: its event log and its partial output.
 *
 * @module
 */
import type { NotFound, StorageError, StoredEvent, TurnEvent, TurnStoreShape } from '@weft/core';
import { Effect, Semaphore } from 'effect';
import type { OutputAccumulator } from './output-accumulator.js';
import type { TurnEventBus } from './turn-event-bus.js';

/** When a batch is written. */
export interface BatchSettings {
  /** Write once this many events are waiting. */
  readonly flushEveryEvents: number;
  /** Write when the oldest waiting event or output change is this old. */
  readonly flushIntervalMs: number;
  /** Append events to the store's event log (re-attachable readers need it). */
  readonly persistEvents: boolean;
  /** Write partial output while the stream runs (not only when it breaks). */
  readonly persistPartialOutput: boolean;
}

/** What a {@link TurnWriter} writes to, and how. */
export interface TurnWriterInit {
  readonly turnId: string;
  readonly store: TurnStoreShape;
  readonly output: OutputAccumulator;
  readonly bus: TurnEventBus;
  readonly settings: BatchSettings;
  readonly now: () => number;
  /** The index of the first event this writer appends (the log's current length). */
  readonly startIndex: number;
}

/**
 * Collects a turn's events and output changes and writes them in batches: per batch one
 * `recordPartialOutput`, one `appendEvents`, and the first-token time once it is known. Writes are
 * serialised; a batch in flight makes the stream wait for it (that is the backpressure the store
 * applies), and at most `flushEveryEvents` events wait in memory.
 */
export class TurnWriter {
  private pending: { readonly event: TurnEvent; readonly at: number }[] = [];
  private nextIndex: number;
  /** When the oldest unwritten change happened; undefined when nothing waits. */
  private dirtySince: number | undefined;
  /** When the first token arrived, until it is written with the next batch. */
  private firstTokenAt: number | undefined;
  private readonly lock = Semaphore.makeUnsafe(1);
  private readonly turnId: string;
  private readonly store: TurnStoreShape;
  private readonly output: OutputAccumulator;
  private readonly bus: TurnEventBus;
  private readonly settings: BatchSettings;
  private readonly now: () => number;

  constructor(init: TurnWriterInit) {
    this.turnId = init.turnId;
    this.store = init.store;
    this.output = init.output;
    this.bus = init.bus;
    this.settings = init.settings;
    this.now = init.now;
    this.nextIndex = init.startIndex;
  }

  /** The index the next stored event will get. */
  get cursor(): number {
    return this.nextIndex + this.pending.length;
  }

  /** Queues an event for the log (the caller emits it to live consumers itself). */
  add(event: TurnEvent, at: number): void {
    if (this.settings.persistEvents) this.pending.push({ event, at });
    this.dirtySince ??= at;
  }

  /**
   * Notes when the first token arrived. It is written with the next batch, not ahead of it: the
   * time is the turn's metadata, and a crash before that batch loses the token with it anyway.
   */
  firstToken(at: number): void {
    this.firstTokenAt = at;
    this.dirtySince ??= at;
  }

  /** Notes that the output changed without an event worth logging. */
  touch(at: number): void {
    this.dirtySince ??= at;
  }

  /** True when a batch should be written now. */
  due(now: number): boolean {
    if (this.pending.length >= this.settings.flushEveryEvents) return true;
    return this.dirtySince !== undefined && now - this.dirtySince >= this.settings.flushIntervalMs;
  }

  /**
   * Writes what waits. `partial: true` also writes the accumulated output as the turn's partial
   * output (skipped when the output has not changed since the last write).
   */
  flush(partial: boolean): Effect.Effect<void, StorageError | NotFound> {
    return Semaphore.withPermit(
      this.lock,
      Effect.suspend(() => this.write(partial)),
    );
  }

  /** Writes what waits when it is due; called by a timer so a stalled stream still lands. */
  flushIfDue(): Effect.Effect<void, StorageError | NotFound> {
    return Effect.suspend(() =>
      this.due(this.now()) ? this.flush(this.settings.persistPartialOutput) : Effect.void,
    );
  }

  private write(partial: boolean): Effect.Effect<void, StorageError | NotFound> {
    const batch = this.pending;
    const writeOutput = partial && this.output.dirty;
    const firstTokenAt = this.firstTokenAt;
    this.dirtySince = undefined;
    if (batch.length === 0 && !writeOutput && firstTokenAt === undefined) return Effect.void;
    this.pending = [];
    this.firstTokenAt = undefined;
    const at = this.now();
    const output = writeOutput ? this.output.snapshot() : undefined;
    const store = this.store;
    const turnId = this.turnId;
    return Effect.gen({ self: this }, function* () {
      if (output !== undefined) yield* store.recordPartialOutput(turnId, output, at);
      if (firstTokenAt !== undefined) yield* store.recordFirstToken(turnId, firstTokenAt);
      if (batch.length === 0) return;
      yield* store.appendEvents(turnId, batch);
      const first = this.nextIndex;
      this.nextIndex += batch.length;
      // Most turns have no same-process reader: build the stored records only for one.
      if (this.bus.listenerCount(turnId) === 0) return;
      const stored: StoredEvent[] = batch.map(({ event, at: when }, i) => ({
        turnId,
        index: first + i,
        event,
        at: when,
      }));
      this.bus.publish(turnId, stored);
    });
  }
}
