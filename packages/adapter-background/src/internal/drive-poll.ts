/**
 * Drives one background job to its end by polling with back-off (the strategy's poll mode, and
 * the fallback when a stream cannot be re-opened).
 *
 * @module
 */
import type { Job } from '@weft/core';
import { Effect } from 'effect';
import type { EventLog } from './event-log.js';
import type { FenceError } from './lease-fence.js';
import { nextPoll } from './options.js';
import type { PollState } from './poll-once.js';
import { expiredOutcome, refusedOutcome, type Ended, type RunDeps } from './run-deps.js';
import { tracedPoll } from './traced-poll.js';

/**
 * Polls `job` until its response is terminal, gone, or refused. Waits `firstDelayMs` before the
 * first poll; after that `poll.initialMs · multiplier^n` (capped at `maxMs`), starting over
 * whenever new output arrives, and never less than a `Retry-After` the server sent. Transient
 * failures (5xx, connection errors, timeouts, 429) are polled through. Fails with `LeaseLost` when
 * a poll comes back after this driver lost the job's lease (nothing of that poll is written).
 */
export function drivePoll(
  deps: RunDeps,
  job: Job,
  log: EventLog,
  state: PollState,
  firstDelayMs: number,
): Effect.Effect<Ended, FenceError> {
  return Effect.gen(function* () {
    if (firstDelayMs > 0) yield* Effect.sleep(firstDelayMs);
    let backoff = 0;
    for (let attempt = 0; ; attempt += 1) {
      const result = yield* tracedPoll(deps, job, attempt, backoff, state, log);
      switch (result.kind) {
        case 'terminal':
          return { kind: 'response', response: result.response };
        case 'expired':
          return expiredOutcome(deps.turnId, job.responseId);
        case 'refused':
          return refusedOutcome(result.error);
        case 'pending': {
          const next = nextPoll(deps.poll, backoff, result);
          backoff = next.backoff;
          yield* Effect.sleep(next.delayMs);
        }
      }
    }
  });
}
