/**
 * One background turn, start to end: a new response with the write-ahead job, or the turn's
 * existing job resumed; driven under a lease by polling or streaming; finished once.
 *
 * @module
 */
import {
  Cancelled,
  JobTelemetry,
  ResponseFailed,
  Unsupported,
  isTerminalResponse,
  openAIProfile,
  type CoreError,
  type CreateParams,
  type IdGeneratorShape,
  type Job,
  type JobResumeReason,
  type ResponseObject,
  type StrategyContext,
} from '@weft/core';
import { Effect } from 'effect';
import { drivePoll } from './drive-poll.js';
import { driveStream, type FlushPolicy, type StreamState } from './drive-stream.js';
import { EventLog } from './event-log.js';
import { finalizeJob } from './finalize.js';
import { checkpoint } from './lease-fence.js';
import { keepLease, type LeaseEnd } from './lease-keeper.js';
import { pollDelayMs, renewEveryMs, type ResolvedPoll } from './options.js';
import { timedOutOutcome, type Ended, type RunDeps } from './run-deps.js';
import { outcomeFromStore } from './store-outcome.js';
import { subjectOf } from './traced-poll.js';

/** The strategy's resolved settings. */
export interface RunSettings {
  readonly mode: 'poll' | 'stream' | undefined;
  readonly poll: ResolvedPoll;
  readonly leaseMs: number;
  readonly owner: string;
  readonly now: (() => number) | undefined;
  readonly ids: IdGeneratorShape;
  readonly maxDurationMs: number | undefined;
  readonly fallbackToStream: boolean;
  readonly flush: FlushPolicy;
}

type Driver = Effect.Effect<Ended, CoreError>;
type Raced = { readonly kind: 'ended'; readonly ended: Ended } | { readonly kind: 'lease'; readonly end: LeaseEnd };

/** Runs one background turn; see `backgroundStrategy`. */
export function runBackground(
  settings: RunSettings,
  params: CreateParams,
  context: StrategyContext,
): Effect.Effect<ResponseObject, CoreError> {
  return Effect.gen(function* () {
    const { client, store: turns, turnId } = context;
    const profile = client.profile ?? openAIProfile;
    const jobs = context.jobs;
    if (jobs === undefined) {
      return yield* new Unsupported({
        feature: 'background execution without a job store',
        provider: profile.name,
        hint: 'pass store: { turns, jobs } to createWeft',
      });
    }
    const now = settings.now ?? context.now;
    const telemetry = JobTelemetry.forTurn(client);
    const deps: RunDeps = {
      turnId,
      conversationId: context.conversationId,
      client,
      turns,
      jobs,
      owner: settings.owner,
      leaseMs: settings.leaseMs,
      now,
      poll: settings.poll,
      maxDurationMs: settings.maxDurationMs,
      callTimeoutMs: context.timeoutMs,
      emit: context.emit,
      telemetry,
    };
    const caps = profile.capabilities;
    const modeFor = () => settings.mode ?? (caps.stream && caps.streamResume ? 'stream' : 'poll');
    const log = yield* EventLog.open(turns, turnId, context.emit, now);
    let current: Job | undefined;
    const stream = (job: Job | undefined, cursor: number | null): StreamState => ({
      job,
      cursor: cursor ?? undefined,
      numbered: cursor !== null,
      output: [],
      final: undefined,
      unflushed: 0,
      lastFlushAt: now(),
      partialDirty: false,
    });

    const writeAhead = (responseId: string, status: string) =>
      Effect.gen(function* () {
        const at = now();
        const created = yield* jobs.createJob({
          id: settings.ids.next('job'),
          turnId,
          conversationId: context.conversationId,
          responseId,
          nextPollAt: at,
          createdAt: at,
        });
        const leased = yield* jobs.acquireLease({ owner: settings.owner, now: at, leaseMs: settings.leaseMs, jobId: created.id });
        yield* turns.recordResponseId(turnId, responseId, at);
        current = leased ?? created;
        telemetry.inFlight.hold(current.id);
        log.record({ type: 'created', turnId, responseId, status });
        return current;
      });

    const limited = (job: () => Job | undefined, driver: Driver): Driver => {
      const limit = settings.maxDurationMs;
      if (limit === undefined) return driver;
      const started = job()?.createdAt ?? now();
      return Effect.timeoutOrElse(driver, {
        duration: Math.max(0, started + limit - now()),
        orElse: () =>
          Effect.gen(function* () {
            const id = job()?.responseId;
            if (id !== undefined) yield* Effect.ignore(client.cancel(id));
            return timedOutOutcome(turnId, limit);
          }),
      });
    };

    const finish = (job: Job, ended: Ended): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        const finalized = yield* Effect.result(finalizeJob(deps, job, ended, log));
        if (finalized._tag === 'Failure') {
          const failure = finalized.failure;
          if (failure._tag !== 'LeaseLost') return yield* Effect.fail(failure);
          // The lease lapsed while this run held the result: the new holder finishes the job.
          telemetry.inFlight.release(job.id);
          return yield* waitFor(job);
        }
        const done = finalized.success;
        if (done.jobStatus === 'cancelled') {
          return yield* new Cancelled({ turnId, reason: 'the background response was cancelled' });
        }
        if (ended.kind === 'response') return ended.response;
        return yield* Effect.fail(
          ended.cause ??
            new ResponseFailed({ responseId: job.responseId, code: undefined, detail: 'the background job failed' }),
        );
      });

    /**
     * Stores the events still buffered, only while this run holds the lease: on an active job after
     * the lease fence, on a job ended in the store (a cancel) only if no other driver took it first.
     */
    const flushHeld = (job: Job) =>
      Effect.ignore(
        Effect.gen(function* () {
          const stored = yield* jobs.getJob(job.id);
          if (stored.leaseOwner !== settings.owner) return;
          if (stored.status === 'active') yield* checkpoint(deps, job);
          yield* log.flush();
        }),
      );

    /** Drives under the lease; on losing it (noticed by the keeper or at a fenced write), waits for whoever took it. */
    const leased = (driver: Driver): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        const lost: Raced = { kind: 'lease', end: { kind: 'lost' } };
        const race: Raced = yield* Effect.raceFirst(
          Effect.map(limited(() => current, driver), (ended): Raced => ({ kind: 'ended', ended })).pipe(
            // A write refused by the lease fence: another worker drives the job now.
            Effect.catchTag('LeaseLost', () => Effect.succeed(lost)),
          ),
          Effect.map(keepLease(jobs, () => current, settings.owner, settings.leaseMs, now), (end): Raced => ({
            kind: 'lease',
            end,
          })),
        );
        const job = current;
        if (job === undefined) return yield* Effect.die(new Error('a background run ended without a job'));
        if (race.kind === 'ended') return yield* finish(job, race.ended);
        if (race.end.kind === 'lost') {
          // Another worker drives it now and counts it.
          telemetry.inFlight.release(job.id);
          return yield* waitFor(job);
        }
        yield* flushHeld(job);
        return yield* outcomeFromStore(client, turns, yield* jobs.getJob(job.id));
      });

    /** Drives a job this run now leases; the stream re-open, or the read of the stored turn, is the resume span. */
    const resumeLeased = (job: Job, reason: JobResumeReason): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        current = job;
        telemetry.inFlight.hold(job.id);
        if (modeFor() === 'stream' && caps.streamResume) {
          const turn = yield* turns.getTurn(turnId);
          const state = { ...stream(job, job.cursor), output: [...turn.output] };
          return yield* leased(driveStream(deps, state, log, { kind: 'resume', reason }, settings.flush));
        }
        const turn = yield* telemetry.resume(subjectOf(job), reason, undefined, client, () =>
          turns.getTurn(turnId),
        );
        const pollState = { turnId, responseId: job.responseId, outputCount: turn.output.length };
        return yield* leased(drivePoll(deps, job, log, pollState, 0));
      });

    /** Waits while another worker holds the job; takes it over if its lease lapses. */
    const waitFor = (job: Job): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        const every = Math.min(renewEveryMs(settings.leaseMs), Math.max(settings.poll.initialMs, 50));
        for (;;) {
          const stored = yield* jobs.getJob(job.id);
          if (stored.status !== 'active') return yield* outcomeFromStore(client, turns, stored);
          const taken = yield* jobs.acquireLease({ owner: settings.owner, now: now(), leaseMs: settings.leaseMs, jobId: job.id });
          if (taken !== undefined) return yield* resumeLeased(taken, 'lease_expired');
          yield* Effect.sleep(every);
        }
      });

    const resume = (job: Job): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        if (job.status !== 'active') return yield* outcomeFromStore(client, turns, job);
        const taken = yield* jobs.acquireLease({ owner: settings.owner, now: now(), leaseMs: settings.leaseMs, jobId: job.id });
        if (taken !== undefined) return yield* resumeLeased(taken, 'reopened');
        if (job.leaseOwner === settings.owner) return yield* resumeLeased(job, 'reopened');
        return yield* waitFor(job);
      });

    const fresh = (mode: 'poll' | 'stream', background: boolean): Effect.Effect<ResponseObject, CoreError> =>
      Effect.gen(function* () {
        if (mode === 'stream') {
          const state = stream(undefined, null);
          const start = { kind: 'create', params, background, writeAhead } as const;
          // The lease keeper only starts renewing once `response.created` has stored the job.
          return yield* leased(driveStream(deps, state, log, start, settings.flush));
        }
        const response = yield* client.create(
          { ...params, background: true, store: true },
          context.timeoutMs === undefined ? undefined : { timeoutMs: context.timeoutMs },
        );
        const job = yield* writeAhead(response.id, response.status ?? 'queued');
        yield* log.flush();
        if (isTerminalResponse(response)) return yield* finish(job, { kind: 'response', response });
        const pollState = { turnId, responseId: response.id, outputCount: 0 };
        return yield* leased(drivePoll(deps, job, log, pollState, pollDelayMs(settings.poll, 0)));
      });

    const run = Effect.gen(function* () {
      const existing = yield* jobs.findJobByTurn(turnId);
      if (existing !== undefined) return yield* resume(existing);
      if (!caps.background) {
        if (!settings.fallbackToStream || !caps.stream) {
          return yield* new Unsupported({
            feature: 'background execution',
            provider: profile.name,
            hint: caps.stream
              ? "use execution: 'stream', or backgroundStrategy({ fallbackToStream: true }); the turn then lives only as long as this process"
              : "use execution: 'blocking'",
          });
        }
        return yield* fresh('stream', false);
      }
      return yield* fresh(modeFor(), true);
    });

    // Interrupted (cancel, close): keep what arrived and free the lease for another worker.
    return yield* run.pipe(
      // Whatever the end, this run no longer drives the job.
      Effect.ensuring(Effect.sync(() => telemetry.inFlight.releaseAll())),
      Effect.onInterrupt(() =>
        Effect.gen(function* () {
          if (current === undefined) return;
          yield* flushHeld(current);
          yield* Effect.ignore(jobs.releaseLease(current.id, settings.owner, now()));
        }),
      ),
    );
  });
}
