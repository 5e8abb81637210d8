/**
 * The lease rule for every write a driver makes while it drives a job: the write happens only right
 * after the job store confirmed (and extended) this driver's lease, and the cursor moves only
 * through the store's lease-checked `checkpointJob`. A driver that stalled past its lease gets
 * `LeaseLost` at its next write and stops; the worker that took the job over is the only writer.
 *
 * @module
 */
import type { Job, LeaseLost, NotFound, StorageError } from '@weft/core';
import { Effect } from 'effect';
import type { RunDeps } from './run-deps.js';

/** What a fence needs: who drives, for how long a lease runs, and the clock. */
export type FenceDeps = Pick<RunDeps, 'jobs' | 'owner' | 'leaseMs' | 'now'>;

/** What a fenced write can fail with. */
export type FenceError = StorageError | NotFound | LeaseLost;

/**
 * Confirms that `deps.owner` still holds `job`'s lease and extends it by a whole lease (so the
 * writes that follow fit in it), recording `progress` in the same atomic write.
 *
 * @throws LeaseLost — the lease expired or another worker holds the job now: write nothing more
 */
export function checkpoint(
  deps: FenceDeps,
  job: Job,
  progress: { readonly cursor?: number | undefined } = {},
): Effect.Effect<void, FenceError> {
  return Effect.suspend(() =>
    Effect.asVoid(
      deps.jobs.checkpointJob({
        jobId: job.id,
        owner: deps.owner,
        at: deps.now(),
        leaseMs: deps.leaseMs,
        ...(progress.cursor === undefined ? {} : { cursor: progress.cursor }),
      }),
    ),
  );
}

/** `write`, run only after {@link checkpoint} confirmed the lease. */
export function fenced<A, E>(
  deps: FenceDeps,
  job: Job,
  write: Effect.Effect<A, E>,
): Effect.Effect<A, E | FenceError> {
  return Effect.andThen(checkpoint(deps, job), write);
}
