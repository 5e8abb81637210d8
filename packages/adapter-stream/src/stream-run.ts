/**
 * One streaming turn: reads the SDK's events, reports them as turn events, accumulates and persists
 * the output, and resumes or fails when the stream breaks.
 *
 * @module
 */
import type { CreateParams, ResponseObject, StrategyContext } from '@weft/core';
import { Timeout } from '@weft/core';
import { Effect, Fiber, type Result } from 'effect';
import { mapStreamEvent } from './map-stream-event.js';
import { failedFromErrorEvent, isErrorEventFailure } from './mid-stream-error.js';
import type { ResolvedStreamOptions } from './stream-options.js';
import { StreamTurn, type RunError } from './stream-turn.js';

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
      const run = new StreamTurn(context, options, existing.length);
      const client = context.client;
      // The iterable read where the client offers it; the Stream API otherwise.
      const read = (
        opened: () => Parameters<StreamTurn['consumeEvents']>[0] | undefined,
        stream: () => Parameters<StreamTurn['consume']>[0],
      ): Effect.Effect<void, RunError> => {
        const events = opened();
        return events === undefined ? run.consume(stream()) : run.consumeEvents(events);
      };
      const timer = yield* Effect.forkScoped(idleFlush(run, options.flushIntervalMs));

      const attempt = Effect.gen(function* () {
        let outcome = yield* Effect.result(
          read(
            () => client.streamEvents?.(request, call),
            () => client.stream(request, call),
          ),
        );
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
          const responseId = run.responseId;
          const after = run.lastSequenceNumber;
          outcome = yield* Effect.result(
            read(
              () => client.retrieveStreamEvents?.(responseId, after, call),
              () => client.retrieveStream(responseId, after, call),
            ),
          );
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
  run: StreamTurn,
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
function idleFlush(run: StreamTurn, intervalMs: number): Effect.Effect<void> {
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
