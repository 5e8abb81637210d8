/**
 * Drives a background job over its event stream: the create call with `stream: true`, then, after
 * a drop, `GET /v1/responses/{id}?stream=true&starting_after=<cursor>`. Falls back to polling
 * when the server will not re-stream.
 *
 * @module
 */
import { StreamInterrupted, TelemetryAttributes } from '@weft/core';
import type {
  ClientError,
  CreateParams,
  Job,
  JobResumeReason,
  NotFound,
  OutputItem,
  ResponseObject,
  StorageError,
} from '@weft/core';
import { checkpoint, type FenceError } from './lease-fence.js';
import { Effect, Stream } from 'effect';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { drivePoll } from './drive-poll.js';
import type { EventLog } from './event-log.js';
import { mapStreamEvent, terminalResponse } from './map-stream-event.js';
import { pollDelayMs } from './options.js';
import { expiredOutcome, refusedOutcome, type Ended, type RunDeps } from './run-deps.js';
import { subjectOf, tracedPoll } from './traced-poll.js';

/** How often the stream's progress (events, partial output, cursor) is written. */
export interface FlushPolicy {
  /** Write after this many events (default 32). */
  readonly events: number;
  /** Write when this long has passed since the last write (default 250 ms). */
  readonly intervalMs: number;
}

/** Where a streamed job is; shared with the lease keeper, which renews `job` once it exists. */
export interface StreamState {
  job: Job | undefined;
  /** The last `sequence_number` handled (or event position when the server sends none). */
  cursor: number | undefined;
  /** Whether the server numbers its events. */
  numbered: boolean;
  output: OutputItem[];
  final: ResponseObject | undefined;
  unflushed: number;
  lastFlushAt: number;
  partialDirty: boolean;
}

/** How to start: a new response (with the write-ahead hook) or an existing job. */
export type StreamStart =
  | {
      readonly kind: 'create';
      readonly params: CreateParams;
      readonly background: boolean;
      /** Stores the job and the response id; called once, on `response.created`. */
      readonly writeAhead: (responseId: string, status: string) => Effect.Effect<Job, StorageError | NotFound>;
    }
  /** An existing job, resumed after its cursor; `reason` says why (on the `weft.job.resume` span). */
  | { readonly kind: 'resume'; readonly reason: JobResumeReason };

type StoreFailure = FenceError;

/** The client error a drop is reported with. */
function asInterrupted(
  turnId: string,
  job: Job | undefined,
  state: StreamState,
  failure: ClientError | undefined,
): ClientError {
  return (
    failure ??
    new StreamInterrupted({
      turnId,
      responseId: job?.responseId,
      lastSequenceNumber: state.cursor,
      detail: 'the stream ended before its terminal event',
    })
  );
}
const isStoreFailure = (e: { readonly _tag: string }): e is StoreFailure =>
  e._tag === 'StorageError' || e._tag === 'NotFound' || e._tag === 'LeaseLost';

/** Stream events in, progress out: the event log, partial output and the cursor. */
function makeHandler(deps: RunDeps, state: StreamState, log: EventLog, start: StreamStart, flush: FlushPolicy) {
  // Lease fence, events, partial output, then the cursor (lease-checked): a driver that stalled past
  // its lease writes none of them, and a crash between them only repeats events the log skips.
  const write = Effect.gen(function* () {
    const job = state.job;
    const dirty = log.pendingCount > 0 || state.partialDirty;
    if (job !== undefined && dirty) yield* checkpoint(deps, job);
    yield* log.flush();
    if (state.partialDirty) {
      yield* deps.turns.recordPartialOutput(deps.turnId, state.output.filter(Boolean), deps.now());
      state.partialDirty = false;
    }
    if (job !== undefined && state.cursor !== undefined && (dirty || state.unflushed > 0)) {
      yield* checkpoint(deps, job, { cursor: state.cursor });
    }
    state.unflushed = 0;
    state.lastFlushAt = deps.now();
  });
  let position = -1;
  const handle = (event: ResponseStreamEvent): Effect.Effect<void, StoreFailure> =>
    Effect.gen(function* () {
      position += 1;
      const seq = (event as { readonly sequence_number?: unknown }).sequence_number;
      const at = typeof seq === 'number' ? seq : position;
      state.numbered = typeof seq === 'number';
      if (state.cursor !== undefined && at <= state.cursor) return;
      if (state.job === undefined) {
        if (event.type !== 'response.created' || start.kind !== 'create') return;
        state.job = yield* start.writeAhead(event.response.id, event.response.status ?? 'queued');
      }
      const mapped = mapStreamEvent(deps.turnId, event);
      if (mapped !== undefined) log.record(mapped);
      if (event.type === 'response.output_item.done') {
        state.output[event.output_index] = event.item;
        state.partialDirty = true;
      }
      const final = terminalResponse(event);
      if (final !== undefined) state.final = final;
      state.cursor = at;
      state.unflushed += 1;
      if (
        final !== undefined ||
        event.type === 'response.output_item.done' ||
        state.unflushed >= flush.events ||
        deps.now() - state.lastFlushAt >= flush.intervalMs
      ) {
        yield* write;
      }
    });
  return { handle, write, resetPosition: () => (position = -1) };
}

/**
 * Re-opens the job's stream after the cursor in a `weft.job.resume` span, and handles its events;
 * the span says how far the re-opened stream got (`weft.job.status_seen`: the terminal status, or
 * `dropped`).
 */
function resumeStream(
  deps: RunDeps,
  state: StreamState,
  reason: JobResumeReason,
  handle: (event: ResponseStreamEvent) => Effect.Effect<void, StoreFailure>,
): Effect.Effect<void, ClientError | StoreFailure> {
  const job = state.job;
  const startingAfter = state.numbered ? state.cursor : undefined;
  if (job === undefined) return Effect.die(new Error('a stream was resumed before its job was stored'));
  return deps.telemetry.resume(subjectOf(job), reason, startingAfter, deps.client, (client, span) =>
    Stream.runForEach(client.retrieveStream(job.responseId, startingAfter), handle).pipe(
      Effect.tap(() =>
        Effect.sync(() => span.setAttribute(TelemetryAttributes.jobStatusSeen, state.final?.status ?? 'dropped')),
      ),
    ),
  );
}

/**
 * Streams the job to its end. A drop (or a mid-stream error) is followed by one retrieve: a
 * terminal or vanished response ends the job at once; otherwise the stream is re-opened after
 * the cursor. After three re-opens without a new event, or when the server refuses to re-stream,
 * the job is polled instead. A drop before `response.created` fails with the client error (no
 * response id is known, so nothing can be resumed).
 */
export function driveStream(
  deps: RunDeps,
  state: StreamState,
  log: EventLog,
  start: StreamStart,
  flush: FlushPolicy,
): Effect.Effect<Ended, ClientError | StoreFailure> {
  return Effect.gen(function* () {
    const handler = makeHandler(deps, state, log, start, flush);
    const resumable = start.kind === 'resume' || start.background;
    let opening: 'create' | 'resume' = start.kind;
    let reason: JobResumeReason = start.kind === 'resume' ? start.reason : 'stream_dropped';
    let idle = 0;
    let polls = 0;
    for (;;) {
      const before = state.cursor;
      handler.resetPosition();
      const ran = yield* Effect.result(
        opening === 'create' && start.kind === 'create'
          ? Stream.runForEach(
              deps.client.stream(
                start.background ? { ...start.params, background: true, store: true } : start.params,
              ),
              handler.handle,
            )
          : resumeStream(deps, state, reason, handler.handle),
      );
      yield* handler.write;
      if (state.final !== undefined) return { kind: 'response', response: state.final } as const;
      const job = state.job;
      const raw = ran._tag === 'Failure' ? ran.failure : undefined;
      if (raw !== undefined && isStoreFailure(raw)) return yield* Effect.fail(raw);
      const failure = raw as ClientError | undefined;
      if (job === undefined) return yield* Effect.fail(asInterrupted(deps.turnId, undefined, state, failure));
      if (!resumable) return refusedOutcome(asInterrupted(deps.turnId, job, state, failure));
      const refusedRestream = opening === 'resume' && failure?._tag === 'InvalidRequest';
      const checked = yield* tracedPoll(
        deps,
        job,
        polls++,
        // After a drop the stream is re-opened, not polled again: no poll delay to report.
        undefined,
        { turnId: deps.turnId, responseId: job.responseId, outputCount: state.output.length },
        log,
      );
      if (checked.kind === 'terminal') return { kind: 'response', response: checked.response } as const;
      if (checked.kind === 'expired') return expiredOutcome(deps.turnId, job.responseId);
      if (checked.kind === 'refused') return refusedOutcome(checked.error);
      idle = state.cursor === before ? idle + 1 : 0;
      if (refusedRestream || idle >= 3) {
        return yield* drivePoll(
          deps,
          job,
          log,
          { turnId: deps.turnId, responseId: job.responseId, outputCount: state.output.length },
          pollDelayMs(deps.poll, 0),
        );
      }
      if (idle > 0) yield* Effect.sleep(pollDelayMs(deps.poll, idle));
      opening = 'resume';
      reason = 'stream_dropped';
    }
  });
}
