/**
 * One visit of the worker to one job it holds: renew the lease when a third of it has passed,
 * poll when due, finish when the response has ended.
 *
 * @module
 */
import type { Job, JobStatus, StoreError, TurnError } from '@weft/core';
import { Effect } from 'effect';
import { EventLog } from './event-log.js';
import { finalizeJob, type HeadMove } from './finalize.js';
import { nextPoll } from './options.js';
import type { PollState } from './poll-once.js';
import {
  expiredOutcome,
  refusedOutcome,
  timedOutOutcome,
  type Ended,
  type RunDeps,
} from './run-deps.js';
import { subjectOf, tracedPoll } from './traced-poll.js';

/** What the worker reports about a job it stopped driving. */
export interface JobReport {
  readonly jobId: string;
  readonly turnId: string;
  readonly conversationId: string;
  readonly responseId: string;
  /** The job's final status, or `lost` when another worker took its lease over. */
  readonly status: JobStatus | 'lost';
  /** What happened to the conversation head (`branch`: it had moved on; the turn is kept as a branch). */
  readonly head: HeadMove;
  /** The turn's error, when it ended failed or cancelled. */
  readonly error: TurnError | null;
}

/** A job the worker holds. */
export interface HeldJob {
  readonly job: Job;
  dueAt: number;
  nextPollAt: number;
  leaseExpiresAt: number;
  /** The back-off step: polls in a row without progress. */
  attempt: number;
  /** Polls this worker made of the job. */
  polls: number;
  log: EventLog | undefined;
  readonly poll: PollState;
}

/** Settings one step needs. */
export type StepDeps = Omit<RunDeps, 'turnId' | 'conversationId' | 'emit'>;

const noEmit = (): void => undefined;

/** Starts holding a freshly leased job: due at once. */
export function holdJob(job: Job, now: number, leaseMs: number): HeldJob {
  return {
    job,
    dueAt: now,
    nextPollAt: now,
    leaseExpiresAt: job.leaseExpiresAt ?? now + leaseMs,
    attempt: 0,
    polls: 0,
    log: undefined,
    poll: { turnId: job.turnId, responseId: job.responseId, outputCount: 0 },
  };
}

const report = (held: HeldJob, status: JobStatus | 'lost', head: HeadMove, error: TurnError | null): JobReport => ({
  jobId: held.job.id,
  turnId: held.job.turnId,
  conversationId: held.job.conversationId,
  responseId: held.job.responseId,
  status,
  head,
  error,
});

/** Visits one job; returns a report when the worker is done with it, else undefined (reschedule). */
export function stepJob(
  deps: StepDeps,
  held: HeldJob,
): Effect.Effect<JobReport | undefined, StoreError> {
  const { jobs, turns, leaseMs, now } = deps;
  return Effect.gen(function* () {
    let log = held.log;
    if (log === undefined) {
      // The first visit picks the job up where its last driver left it: that is the resume span.
      log = yield* deps.telemetry.resume(subjectOf(held.job), 'worker_claim', undefined, deps.client, () =>
        Effect.gen(function* () {
          const opened = yield* EventLog.open(turns, held.job.turnId, noEmit, now);
          held.poll.outputCount = (yield* turns.getTurn(held.job.turnId)).output.length;
          return opened;
        }),
      );
      held.log = log;
    }
    const events = log;
    const end = (ended: Ended) =>
      finalizeJob(deps, held.job, ended, events).pipe(
        Effect.map((done) => report(held, done.jobStatus, done.head, done.turn.error)),
        // Stalled past the lease: the new holder finishes the job; this worker lets it go.
        Effect.catchTag('LeaseLost', () => Effect.succeed(report(held, 'lost', 'unchanged', null))),
      );
    const renewAt = held.leaseExpiresAt - Math.floor((2 * leaseMs) / 3);
    if (now() >= renewAt) {
      const stored = yield* jobs.getJob(held.job.id);
      if (stored.status === 'cancelled') return yield* end({ kind: 'cancelled', reason: 'the job was cancelled' });
      if (stored.status !== 'active') return report(held, stored.status, 'unchanged', null);
      const at = now();
      if (!(yield* jobs.renewLease(held.job.id, deps.owner, at, leaseMs))) {
        return report(held, 'lost', 'unchanged', null);
      }
      held.leaseExpiresAt = at + leaseMs;
    }
    if (deps.maxDurationMs !== undefined && now() - held.job.createdAt >= deps.maxDurationMs) {
      yield* Effect.ignore(deps.client.cancel(held.job.responseId));
      return yield* end(timedOutOutcome(held.job.turnId, deps.maxDurationMs));
    }
    if (now() >= held.nextPollAt) {
      const polled = yield* Effect.result(tracedPoll(deps, held.job, held.polls, held.attempt, held.poll, events));
      held.polls += 1;
      if (polled._tag === 'Failure') {
        // The poll came back after the lease lapsed: the fence refused its writes; let the job go.
        if (polled.failure._tag === 'LeaseLost') return report(held, 'lost', 'unchanged', null);
        return yield* Effect.fail(polled.failure);
      }
      const result = polled.success;
      switch (result.kind) {
        case 'terminal':
          return yield* end({ kind: 'response', response: result.response });
        case 'expired':
          return yield* end(expiredOutcome(held.job.turnId, held.job.responseId));
        case 'refused':
          return yield* end(refusedOutcome(result.error));
        case 'pending': {
          const next = nextPoll(deps.poll, held.attempt, result);
          held.attempt = next.backoff;
          held.nextPollAt = now() + next.delayMs;
        }
      }
    }
    held.dueAt = Math.min(held.nextPollAt, held.leaseExpiresAt - Math.floor((2 * leaseMs) / 3));
    return undefined;
  });
}
