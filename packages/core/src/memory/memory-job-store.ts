/**
 * Durable background jobs with leases, in memory.
 *
 * @module
 */
import { Effect } from 'effect';
import type { Job } from '../domain/job.js';
import { LeaseLost, NotFound, StorageError } from '../errors.js';
import type { JobStoreShape } from '../ports/job-store.js';

/** True when `job` may be leased at `now`: active, due, and unleased or its lease expired. */
function isLeasable(job: Job, now: number): boolean {
  return (
    job.status === 'active' &&
    job.nextPollAt <= now &&
    (job.leaseOwner === null || job.leaseExpiresAt === null || job.leaseExpiresAt <= now)
  );
}

/** True when `job` is active and `owner` holds a lease on it that is unexpired at `now`. */
function holdsActive(job: Job, owner: string, now: number): boolean {
  return (
    job.status === 'active' &&
    job.leaseOwner === owner &&
    job.leaseExpiresAt !== null &&
    job.leaseExpiresAt > now
  );
}

/** Most overdue first; then oldest; then id. */
function compareDue(a: Job, b: Job): number {
  if (a.nextPollAt !== b.nextPollAt) return a.nextPollAt - b.nextPollAt;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Makes an empty in-memory {@link JobStoreShape}.
 *
 * Each operation is atomic, so at most one owner holds a job's lease at a time. `acquireLease`
 * without `jobId` takes the most overdue leasable job. A lease is held while
 * `leaseExpiresAt > now`; `renewLease` fails (returns false) once the owner no longer holds an
 * unexpired lease, and `finishJob` fails with `LeaseLost` on the same condition. Jobs are listed oldest first; `findJobByTurn` gives the turn's newest job.
 * Returned jobs are frozen.
 *
 * @example
 * ```ts
 * const jobs = makeMemoryJobStore();
 * const leased = await Effect.runPromise(jobs.acquireLease({ owner: 'worker-1', now: 0, leaseMs: 30_000 }));
 * ```
 */
export function makeMemoryJobStore(): JobStoreShape {
  const jobs = new Map<string, Job>();
  /** turn id → job ids, in creation order. */
  const jobsByTurn = new Map<string, string[]>();

  const notFound = (id: string) => new NotFound({ kind: 'job', id });
  const replace = (job: Job, patch: Partial<Job>): Job => {
    const next = Object.freeze({ ...job, ...patch });
    jobs.set(next.id, next);
    return next;
  };
  // Lease-checked writes: applied only while `owner` holds an unexpired lease on an active job.
  const underLease = (
    jobId: string,
    owner: string,
    at: number,
    patch: Partial<Job>,
  ): Effect.Effect<Job, NotFound | LeaseLost> =>
    Effect.suspend((): Effect.Effect<Job, NotFound | LeaseLost> => {
      const job = jobs.get(jobId);
      if (job === undefined) return Effect.fail(notFound(jobId));
      if (!holdsActive(job, owner, at)) {
        return Effect.fail(
          new LeaseLost({ jobId, owner, holder: job.leaseOwner, jobStatus: job.status }),
        );
      }
      return Effect.succeed(replace(job, patch));
    });

  return {
    createJob: (input) =>
      Effect.suspend(() => {
        if (jobs.has(input.id)) {
          return Effect.fail(
            new StorageError({
              operation: 'createJob',
              detail: `a job with id ${input.id} already exists; generate a fresh job id`,
            }),
          );
        }
        const job: Job = Object.freeze({
          id: input.id,
          turnId: input.turnId,
          conversationId: input.conversationId,
          responseId: input.responseId,
          status: 'active',
          cursor: null,
          nextPollAt: input.nextPollAt,
          leaseOwner: null,
          leaseExpiresAt: null,
          attempts: 0,
          createdAt: input.createdAt,
          updatedAt: input.createdAt,
        });
        jobs.set(job.id, job);
        const forTurn = jobsByTurn.get(job.turnId);
        if (forTurn === undefined) jobsByTurn.set(job.turnId, [job.id]);
        else forTurn.push(job.id);
        return Effect.succeed(job);
      }),

    getJob: (id) =>
      Effect.suspend(() => {
        const job = jobs.get(id);
        return job === undefined ? Effect.fail(notFound(id)) : Effect.succeed(job);
      }),

    findJobByTurn: (turnId) =>
      Effect.sync(() => {
        const ids = jobsByTurn.get(turnId);
        const newest = ids?.at(-1);
        return newest === undefined ? undefined : jobs.get(newest);
      }),

    updateJob: (id, patch) =>
      Effect.suspend(() => {
        const job = jobs.get(id);
        if (job === undefined) return Effect.fail(notFound(id));
        return Effect.succeed(
          replace(job, {
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}),
            ...(patch.nextPollAt !== undefined ? { nextPollAt: patch.nextPollAt } : {}),
            ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
            updatedAt: patch.updatedAt,
          }),
        );
      }),

    listJobs: (filter = {}) =>
      Effect.sync(() => {
        const limit = filter.limit === undefined ? Infinity : Math.max(0, Math.floor(filter.limit));
        const found: Job[] = [];
        for (const job of jobs.values()) {
          if (filter.status === undefined || job.status === filter.status) found.push(job);
        }
        found.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return Object.freeze(found.slice(0, limit));
      }),

    acquireLease: ({ owner, now, leaseMs, jobId }) =>
      Effect.sync(() => {
        let chosen: Job | undefined;
        if (jobId !== undefined) {
          const job = jobs.get(jobId);
          if (job !== undefined && isLeasable(job, now)) chosen = job;
        } else {
          for (const job of jobs.values()) {
            if (isLeasable(job, now) && (chosen === undefined || compareDue(job, chosen) < 0)) {
              chosen = job;
            }
          }
        }
        if (chosen === undefined) return undefined;
        return replace(chosen, {
          leaseOwner: owner,
          leaseExpiresAt: now + leaseMs,
          updatedAt: now,
        });
      }),

    renewLease: (jobId, owner, now, leaseMs) =>
      Effect.sync(() => {
        const job = jobs.get(jobId);
        if (
          job === undefined ||
          job.leaseOwner !== owner ||
          job.leaseExpiresAt === null ||
          job.leaseExpiresAt <= now
        ) {
          return false;
        }
        replace(job, { leaseExpiresAt: now + leaseMs, updatedAt: now });
        return true;
      }),

    releaseLease: (jobId, owner, at) =>
      Effect.sync(() => {
        const job = jobs.get(jobId);
        if (job === undefined || job.leaseOwner !== owner) return;
        replace(job, { leaseOwner: null, leaseExpiresAt: null, updatedAt: at });
      }),

    checkpointJob: ({ jobId, owner, at, leaseMs, cursor, nextPollAt }) =>
      underLease(jobId, owner, at, {
        ...(cursor !== undefined ? { cursor } : {}),
        ...(nextPollAt !== undefined ? { nextPollAt } : {}),
        leaseExpiresAt: at + leaseMs,
        updatedAt: at,
      }),

    finishJob: ({ jobId, owner, at, status, cursor }) =>
      underLease(jobId, owner, at, {
        status,
        ...(cursor !== undefined ? { cursor } : {}),
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: at,
      }),
  };
}
