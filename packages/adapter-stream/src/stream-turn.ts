/**
 * The state of one streaming turn and the reading of its events: each event is mapped, reported,
 * accumulated and queued for the store synchronously, and Effect work happens only where something
 * must be awaited (the write-ahead response id, a due batch, a slow reader).
 *
 * @module
 */
import type {
  ClientError,
  CoreError,
  ResponseEventIterable,
  ResponseObject,
  StrategyContext,
  TurnEvent,
} from '@weft/core';
import { StreamInterrupted, isCoreError } from '@weft/core';
import { Effect, type Scope, Stream } from 'effect';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import {
  isTerminalStreamEvent,
  mapStreamEvent,
  responseOf,
  sequenceNumberOf,
  withTerminalStatus,
} from './map-stream-event.js';
import { OutputAccumulator } from './output-accumulator.js';
import type { ResolvedStreamOptions } from './stream-options.js';
import { TurnWriter } from './turn-writer.js';

/** What a streaming turn fails with. */
export type RunError = CoreError;

/** Why the reading loop handed control back: the Effect work to do before it reads on. */
type Pause =
  | { readonly kind: 'end' }
  | { readonly kind: 'fail'; readonly error: RunError }
  | { readonly kind: 'flush' }
  | { readonly kind: 'wait'; readonly until: Promise<void> }
  | {
      readonly kind: 'record';
      readonly event: ResponseStreamEvent;
      readonly responseId: string;
      readonly at: number;
    };

const ended: Pause = { kind: 'end' };
const flushDue: Pause = { kind: 'flush' };

/** Whether the reader still owns the iterable; a read that lands after its scope closed is dropped. */
interface Reading {
  open: boolean;
}

/** The state of one streaming turn. */
export class StreamTurn {
  readonly output = new OutputAccumulator();
  readonly writer: TurnWriter;
  responseId: string | undefined;
  lastSequenceNumber: number | undefined;
  snapshot: ResponseObject | undefined;
  final: ResponseObject | undefined;
  firstToken = false;
  timerFailure: RunError | undefined;
  private readonly context: StrategyContext;
  private readonly options: ResolvedStreamOptions;

  constructor(context: StrategyContext, options: ResolvedStreamOptions, startIndex: number) {
    this.context = context;
    this.options = options;
    this.writer = new TurnWriter({
      turnId: context.turnId,
      store: context.store,
      output: this.output,
      bus: options.bus,
      settings: options,
      now: context.now,
      startIndex,
    });
  }

  /**
   * Reads an opened event iterable to its end in plain `for await` steps; the Effect loop around
   * them runs once per pause, not once per event. Closing the scope (interrupt, timeout) aborts
   * the request.
   */
  consumeEvents(
    open: Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope>,
  ): Effect.Effect<void, RunError> {
    return Effect.scoped(
      Effect.gen({ self: this }, function* () {
        const events = yield* open;
        const reading: Reading = { open: true };
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => {
            reading.open = false;
            events.close();
          }),
        );
        const iterator = events[Symbol.asyncIterator]();
        for (;;) {
          const pause = yield* Effect.promise(() => this.read(iterator, reading));
          switch (pause.kind) {
            case 'end':
              return;
            case 'fail':
              return yield* Effect.fail(pause.error);
            case 'record':
              // Write-ahead: the id is stored before anything else happens to the turn.
              yield* this.context.store.recordResponseId(
                this.context.turnId,
                pause.responseId,
                pause.at,
              );
              this.process(pause.event, pause.at);
              break;
            case 'flush':
              yield* this.writer.flush(this.options.persistPartialOutput);
              break;
            case 'wait':
              // Backpressure: a slow `for await` reader pauses the HTTP read here.
              yield* Effect.promise(() => pause.until);
              break;
          }
        }
      }),
    );
  }

  /** Consumes an event Stream (clients without `streamEvents`), one chunk at a time. */
  consume(stream: Stream.Stream<ResponseStreamEvent, ClientError>): Effect.Effect<void, RunError> {
    return Stream.runForEachArray(stream, (events) => this.onChunk(events, 0));
  }

  /** Reads and handles events until one needs Effect work, the stream ends, or it fails. */
  private async read(
    iterator: AsyncIterator<ResponseStreamEvent>,
    reading: Reading,
  ): Promise<Pause> {
    const capacity = this.context.capacity;
    for (;;) {
      if (this.timerFailure !== undefined) return { kind: 'fail', error: this.timerFailure };
      let result: IteratorResult<ResponseStreamEvent>;
      try {
        result = await iterator.next();
      } catch (error) {
        if (!reading.open) return ended;
        if (isCoreError(error)) return { kind: 'fail', error };
        throw error;
      }
      if (!reading.open || result.done === true) return ended;
      const event = result.value;
      const now = this.context.now();
      if (this.responseId === undefined) {
        const response = responseOf(event);
        if (response !== undefined) {
          this.responseId = response.id;
          return { kind: 'record', event, responseId: response.id, at: now };
        }
      }
      this.process(event, now);
      if (this.writer.due(now)) return flushDue;
      const wait = capacity?.();
      if (wait !== undefined) return { kind: 'wait', until: wait };
    }
  }

  private onChunk(
    events: readonly ResponseStreamEvent[],
    from: number,
  ): Effect.Effect<void, RunError> {
    if (this.timerFailure !== undefined) return Effect.fail(this.timerFailure);
    // One clock read per chunk: every event of a chunk arrived at the same time.
    const now = this.context.now();
    for (let i = from; i < events.length; i++) {
      const event = events[i] as ResponseStreamEvent;
      if (this.responseId === undefined) {
        const response = responseOf(event);
        if (response !== undefined) {
          this.responseId = response.id;
          return Effect.andThen(
            this.context.store.recordResponseId(this.context.turnId, response.id, now),
            () => {
              this.process(event, now);
              return this.onChunk(events, i + 1);
            },
          );
        }
      }
      this.process(event, now);
    }
    const flush = this.writer.due(now)
      ? this.writer.flush(this.options.persistPartialOutput)
      : Effect.void;
    const wait = this.context.capacity?.();
    return wait === undefined
      ? flush
      : Effect.andThen(
          flush,
          Effect.promise(() => wait),
        );
  }

  private process(event: ResponseStreamEvent, now: number): void {
    const sequence = sequenceNumberOf(event);
    if (sequence !== undefined) {
      // A resumed stream may repeat what already arrived; each event counts once.
      if (this.lastSequenceNumber !== undefined && sequence <= this.lastSequenceNumber) return;
      this.lastSequenceNumber = sequence;
    }
    const response = responseOf(event);
    if (response !== undefined) {
      const first = this.snapshot === undefined;
      this.snapshot = response;
      // A stream without `response.created` (lax servers) still announces the response once.
      if (first && event.type !== 'response.created') {
        const status = isTerminalStreamEvent(event)
          ? 'in_progress'
          : (response.status ?? 'in_progress');
        this.report(
          { type: 'created', turnId: this.context.turnId, responseId: response.id, status },
          now,
        );
      }
    }
    this.output.apply(event);
    if (response !== undefined && isTerminalStreamEvent(event)) {
      this.final = withTerminalStatus(event.type, this.withOutput(response));
    }
    const mapped = mapStreamEvent(this.context.turnId, event);
    if (mapped === undefined) {
      if (this.output.dirty) this.writer.touch(now);
      return;
    }
    if (!this.firstToken && mapped.type === 'delta') {
      this.firstToken = true;
      this.writer.firstToken(now);
    }
    this.report(mapped, now);
  }

  report(event: TurnEvent, at: number): void {
    this.context.emit(event);
    this.writer.add(event, at);
  }

  /** The final Response, with the accumulated output when the server's snapshot carries none. */
  withOutput(response: ResponseObject): ResponseObject {
    if (response.output.length > 0 || this.output.size === 0) return response;
    return { ...response, output: this.output.snapshot() };
  }

  interrupted(detail: string): StreamInterrupted {
    return new StreamInterrupted({
      turnId: this.context.turnId,
      responseId: this.responseId,
      lastSequenceNumber: this.lastSequenceNumber,
      detail,
    });
  }
}
