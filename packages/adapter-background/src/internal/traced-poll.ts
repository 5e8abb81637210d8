/**
 * One poll of a job inside its `weft.job.poll` span: what the poll saw (the response's status,
 * progress, the wait before the next poll, the typed error) goes on the span.
 *
 * @module
 */
import type { Job, JobSubject, PollSeen } from '@weft/core';
import type { Effect } from 'effect';
import type { EventLog } from './event-log.js';
import { checkpoint, type FenceError } from './lease-fence.js';
import { nextPoll } from './options.js';
import { pollOnce, type PollResult, type PollState } from './poll-once.js';
import type { RunDeps } from './run-deps.js';

/** What a traced poll needs from its run (strategy or worker). */
export type PollDeps = Pick<
  RunDeps,
  'client' | 'turns' | 'jobs' | 'owner' | 'leaseMs' | 'now' | 'callTimeoutMs' | 'poll' | 'telemetry'
>;

/** The job a span is about. */
export const subjectOf = (job: Job): JobSubject => ({
  jobId: job.id,
  responseId: job.responseId,
  turnId: job.turnId,
  conversationId: job.conversationId,
});

/** A poll result as its span records it; `nextDelayMs` only while the job runs on. */
export function pollSeen(result: PollResult, nextDelayMs: number | undefined): PollSeen {
  switch (result.kind) {
    case 'terminal':
      return { status: result.response.status ?? 'unknown' };
    case 'expired':
      return { status: 'expired', error: result.error };
    case 'refused':
      return { status: 'refused', error: result.error };
    case 'pending':
      return {
        status: result.status ?? 'unreachable',
        progressed: result.progressed,
        nextDelayMs,
        error: result.error,
      };
  }
}

/**
 * Polls `job` once (see `pollOnce`, fenced by this driver's lease) in a `weft.job.poll` span. `attempt` numbers this driver's
 * polls of the job from 0; `backoff` is the back-off step the next delay is computed from
 * (undefined: the driver does not poll next, so the span reports no delay).
 */
export function tracedPoll(
  deps: PollDeps,
  job: Job,
  attempt: number,
  backoff: number | undefined,
  state: PollState,
  log: EventLog,
): Effect.Effect<PollResult, FenceError> {
  return deps.telemetry.poll(
    subjectOf(job),
    attempt,
    deps.client,
    (client) => pollOnce(client, deps.turns, state, log, deps.now, deps.callTimeoutMs, checkpoint(deps, job)),
    (result) =>
      pollSeen(
        result,
        result.kind === 'pending' && backoff !== undefined
          ? nextPoll(deps.poll, backoff, result).delayMs
          : undefined,
      ),
  );
}
