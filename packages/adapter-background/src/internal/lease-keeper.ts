/**
 * Keeps a job's lease while it is driven: renews it every third of the lease and reports when it
 * was lost (another worker took the job) or the job stopped being active (cancelled, finished).
 *
 * @module
 */
import type { Job, JobStatus, JobStoreShape } from '@weft/core';
import { Effect } from 'effect';
import { renewEveryMs } from './options.js';

/** Why a lease keeper stopped. */
export type LeaseEnd =
  | { readonly kind: 'lost' }
  | { readonly kind: 'stopped'; readonly status: JobStatus };

/**
 * Renews the lease of `job()` (once it exists) until it is lost or the job is no longer active.
 * Storage errors are retried at the next renewal. Never fails; runs until it has something to say.
 */
export function keepLease(
  jobs: JobStoreShape,
  job: () => Job | undefined,
  owner: string,
  leaseMs: number,
  now: () => number,
): Effect.Effect<LeaseEnd> {
  return Effect.gen(function* () {
    for (;;) {
      yield* Effect.sleep(renewEveryMs(leaseMs));
      const current = job();
      if (current === undefined) continue;
      const stored = yield* Effect.option(jobs.getJob(current.id));
      if (stored._tag === 'Some' && stored.value.status !== 'active') {
        return { kind: 'stopped', status: stored.value.status } as const;
      }
      const renewed = yield* Effect.orElseSucceed(
        jobs.renewLease(current.id, owner, now(), leaseMs),
        () => true,
      );
      if (!renewed) return { kind: 'lost' } as const;
    }
  });
}
