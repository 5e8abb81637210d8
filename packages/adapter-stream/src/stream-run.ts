/**
 * One streaming turn: reads the SDK's events, reports them as turn events, accumulates and persists
 * the output, and resumes or fails when the stream breaks.
 *
 * @module
 */
import type {
  ClientError,
  CoreError,
  CreateParams,
  ResponseObject,
  StrategyContext,
  TurnEvent,
} from '@weft/core';
import { StreamInterrupted, Timeout } from '@weft/core';
import { Effect, Fiber, type Result, Stream } from 'effect';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import {
  isTerminalStreamEvent,
  mapStreamEvent,
  responseOf,
  sequenceNumberOf,
  withTerminalStatus,
} from './map-stream-event.js';
import { failedFromErrorEvent, isErrorEventFailure } from './mid-stream-error.js';
import { OutputAccumulator } from './output-accumulator.js';
import type { ResolvedStreamOptions } from './stream-options.js';
import { TurnWriter } from './turn-writer.js';

type RunError = CoreError;

/** The state of one streaming turn. */
class StreamRun {
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

  /** Consumes one event stream (the first request, or a resumed one) to its end. */
  consume(stream: Stream.Stream<ResponseStreamEvent, ClientError>): Effect.Effect<void, RunError> {
    return Stream.runForEachArray(stream, (events) => this.onChunk(events, 0));
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
          // Write-ahead: the id is stored before anything else happens to the turn.
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
    // Backpressure: a slow `for await` reader pauses the HTTP read here, between chunks.
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

/**
 * Runs one prepared request as a stream. See `streamStrategy` for the contract.
 */
export function runStream(
  params: CreateParams,
  context: StrategyContext,
  options: ResolvedStreamOptions,
): Effect.Effect<ResponseObject, RunError> {
  const background = options.background || (params as { background?: unknown }).background === true;
  const request: CreateParams = background ? { ...params, background: true, store: true } : params;
  const call = context.timeoutMs === undefined ? undefined : { timeoutMs: context.timeoutMs };
  return Effect.scoped(
    Effect.gen(function* () {
      const existing = yield* context.store.readEvents(context.turnId, 0);
      const run = new StreamRun(context, options, existing.length);
      const timer = yield* Effect.forkScoped(idleFlush(run, options.flushIntervalMs));

      const attempt = Effect.gen(function* () {
        let outcome = yield* Effect.result(run.consume(context.client.stream(request, call)));
        let resumes = 0;
        while (
          outcome._tag === 'Failure' &&
          outcome.failure._tag === 'StreamInterrupted' &&
          background &&
          run.responseId !== undefined &&
          run.final === undefined &&
          resumes < options.resumeAttempts
        ) {
          resumes++;
          yield* Effect.sleep(options.resumeDelayMs * resumes);
          const resumed = context.client.retrieveStream(
            run.responseId,
            run.lastSequenceNumber,
            call,
          );
          outcome = yield* Effect.result(run.consume(resumed));
        }
        if (outcome._tag === 'Failure') return yield* Effect.fail(outcome.failure);
      });

      const bounded =
        context.timeoutMs === undefined
          ? attempt
          : Effect.timeoutOrElse(attempt, {
              duration: context.timeoutMs,
              orElse: () =>
                Effect.fail(
                  new Timeout({ timeoutMs: context.timeoutMs ?? 0, operation: 'responses.stream' }),
                ),
            });

      const outcome = yield* Effect.result(
        bounded.pipe(
          // Whatever arrived is kept when the turn is cancelled mid-stream.
          Effect.onInterrupt(() => Effect.ignore(run.writer.flush(true))),
        ),
      );
      yield* Fiber.interrupt(timer);
      return yield* finish(run, context, outcome);
    }).pipe(Effect.ensuring(Effect.sync(() => options.bus.end(context.turnId)))),
  );
}

/** Ends the turn from the attempt's outcome: the final Response, or the error after a flush. */
function finish(
  run: StreamRun,
  context: StrategyContext,
  outcome: Result.Result<void, RunError>,
): Effect.Effect<ResponseObject, RunError> {
  return Effect.gen(function* () {
    if (outcome._tag === 'Success') {
      if (run.final !== undefined) {
        yield* run.writer.flush(false);
        return run.final;
      }
      yield* run.writer.flush(true);
      return yield* Effect.fail(run.interrupted('the stream ended before its terminal event'));
    }
    const error = outcome.failure;
    if (run.responseId !== undefined && isErrorEventFailure(error)) {
      // A mid-stream `error` event: the response failed; report it as such.
      const failed = failedFromErrorEvent(
        run.snapshot,
        run.responseId,
        run.output.snapshot(),
        error,
      );
      const terminal = mapStreamEvent(context.turnId, {
        type: 'response.failed',
        response: failed,
        sequence_number: (run.lastSequenceNumber ?? -1) + 1,
      });
      if (terminal !== undefined) run.report(terminal, context.now());
      yield* run.writer.flush(false);
      return failed;
    }
    yield* run.writer.flush(true);
    if (error._tag === 'StreamInterrupted')
      return yield* Effect.fail(run.interrupted(error.detail));
    return yield* Effect.fail(error);
  });
}

/** Flushes a due batch while the stream is quiet, so a stalled stream's last events still land. */
function idleFlush(run: StreamRun, intervalMs: number): Effect.Effect<void> {
  return Effect.forever(
    Effect.sleep(intervalMs).pipe(
      Effect.andThen(run.writer.flushIfDue()),
      Effect.catch((error: RunError) =>
        Effect.sync(() => {
          run.timerFailure = error;
        }),
      ),
    ),
  );
}
