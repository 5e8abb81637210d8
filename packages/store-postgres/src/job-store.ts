/**
 * The PostgreSQL job store: background jobs in flight and their leases, shared by workers on any
 * number of hosts.
 *
 * @module
 */
import { type Job, type JobPatch, type JobStoreShape, LeaseLost, NotFound, StorageError } from '@weft/core';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { Effect } from 'effect';
import { attempt, attemptOr, type RunContext } from './internal/attempt.js';
import type { Connection } from './internal/connection.js';
import { rowDecoder, selectList } from './internal/raw-rows.js';
import { toJob } from './internal/rows.js';
import { jobs } from './schema.js';

/** The rule every lease-checked write shares: the job is active and `owner` holds an unexpired lease. */
function underLease(jobId: string, owner: string, now: number) {
  return and(
    eq(jobs.id, jobId),
    eq(jobs.status, 'active'),
    eq(jobs.leaseOwner, owner),
    sql`${jobs.leaseExpiresAt} > ${now}`,
  );
}

/**
 * A lease-checked write's answer: the updated job, or why it was refused (an unknown job, or whose
 * lease it is now) from the row read after the refusal.
 */
function leaseOutcome(
  jobId: string,
  owner: string,
  outcome: { readonly row: Job } | { readonly current: typeof jobs.$inferSelect | undefined },
): Effect.Effect<Job, NotFound | LeaseLost> {
  if ('row' in outcome) return Effect.succeed(outcome.row);
  const current = outcome.current;
  if (current === undefined) return Effect.fail(new NotFound({ kind: 'job', id: jobId }));
  return Effect.fail(
    new LeaseLost({ jobId, owner, holder: current.leaseOwner, jobStatus: current.status }),
  );
}

/** The job store plus `finishLeasedJob`, the boolean form of the port's lease-checked `finishJob`. */
export interface PostgresJobStore extends JobStoreShape {
  /**
   * Ends a job (`status` other than `active`) and drops its lease, only if `owner` still holds an
   * unexpired lease at `now`: true when this call ended it, false when the lease was lost (another
   * worker took the job over) or the job had already ended. With it, a job ends exactly once even
   * when a stalled worker wakes up after its lease expired.
   */
  finishLeasedJob(
    jobId: string,
    owner: string,
    patch: JobPatch & { readonly status: Exclude<Job['status'], 'active'> },
    now: number,
  ): Effect.Effect<boolean, StorageError>;
}

const decodeJob = rowDecoder(jobs);
const jobColumns = sql.raw(selectList(jobs, 'jobs'));

/** A job is leasable when active, due, and unleased or its lease has expired. */
const leasable = (now: number) => sql`
  status = 'active' AND next_poll_at <= ${now}
  AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= ${now})`;

/**
 * Makes the job store over an open pool.
 *
 * `acquireLease` is one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)`: workers
 * racing for jobs never wait on each other's row locks and never take the same job; a lease is
 * held while `leaseExpiresAt > now`, so a killed worker's jobs go to the others once it expires.
 * Without `jobId` it takes the most overdue job (then oldest, then id).
 */
export function makePostgresJobStore(connection: Connection, context: RunContext): PostgresJobStore {
  const { db } = connection;
  const notFound = (id: string) => new NotFound({ kind: 'job', id });

  const acquire = async (owner: string, now: number, leaseMs: number, jobId: string | undefined): Promise<Job | undefined> => {
    const only = jobId === undefined ? sql`` : sql`AND id = ${jobId}`;
    const result = await db.execute<Record<string, unknown>>(sql`
      UPDATE jobs SET lease_owner = ${owner}, lease_expires_at = ${now + leaseMs}, updated_at = ${now}
      WHERE id = (
        SELECT id FROM jobs WHERE ${leasable(now)} ${only}
        ORDER BY next_poll_at, created_at, id COLLATE "C"
        LIMIT 1 FOR UPDATE SKIP LOCKED
      ) AND ${leasable(now)}
      RETURNING ${jobColumns}`);
    const [row] = result.rows;
    return row === undefined ? undefined : toJob(decodeJob(row));
  };

  /** Ends the job and drops its lease, only while `owner` holds an unexpired lease and it is active. */
  const finishLeased = async (
    jobId: string,
    owner: string,
    patch: JobPatch & { readonly status: Exclude<Job['status'], 'active'> },
    now: number,
  ): Promise<Job | undefined> => {
    const [row] = await db
      .update(jobs)
      .set({
        status: patch.status,
        ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}),
        ...(patch.nextPollAt !== undefined ? { nextPollAt: patch.nextPollAt } : {}),
        ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: patch.updatedAt,
      })
      .where(underLease(jobId, owner, now))
      .returning();
    return row === undefined ? undefined : toJob(row);
  };

  return {
    createJob: (input) =>
      attempt(context, 'createJob', 'once', async () => {
        const [row] = await db
          .insert(jobs)
          .values({ ...input, status: 'active', attempts: 0, updatedAt: input.createdAt })
          .onConflictDoNothing({ target: jobs.id })
          .returning();
        if (row === undefined) {
          throw new StorageError({
            operation: 'createJob',
            detail: `a job with id ${input.id} already exists; generate a fresh job id`,
          });
        }
        return toJob(row);
      }),
    getJob: (id) =>
      attemptOr<NotFound>(context, 'getJob', 'idempotent')(async () => {
        const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
        if (row === undefined) throw notFound(id);
        return toJob(row);
      }),
    findJobByTurn: (turnId) =>
      attempt(context, 'findJobByTurn', 'idempotent', async () => {
        const [row] = await db
          .select()
          .from(jobs)
          .where(eq(jobs.turnId, turnId))
          .orderBy(desc(jobs.createdAt), desc(jobs.seq))
          .limit(1);
        return row === undefined ? undefined : toJob(row);
      }),
    updateJob: (id, patch) =>
      attemptOr<NotFound>(context, 'updateJob', 'idempotent')(async () => {
        const [row] = await db
          .update(jobs)
          .set({
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}),
            ...(patch.nextPollAt !== undefined ? { nextPollAt: patch.nextPollAt } : {}),
            ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
            updatedAt: patch.updatedAt,
          })
          .where(eq(jobs.id, id))
          .returning();
        if (row === undefined) throw notFound(id);
        return toJob(row);
      }),
    listJobs: (filter = {}) =>
      attempt(context, 'listJobs', 'idempotent', async () => {
        const query = db
          .select()
          .from(jobs)
          .where(filter.status === undefined ? undefined : eq(jobs.status, filter.status))
          .orderBy(asc(jobs.createdAt), sql`${jobs.id} COLLATE "C"`);
        const rows = filter.limit === undefined ? await query : await query.limit(Math.max(0, Math.floor(filter.limit)));
        return rows.map(toJob);
      }),
    // Not retried after a lost connection: the lease may have been taken, and a retry would find
    // the job held (by this owner) and return nothing; the lease then expires and is taken again.
    acquireLease: ({ owner, now, leaseMs, jobId }) =>
      attempt(context, 'acquireLease', 'once', () => acquire(owner, now, leaseMs, jobId)),
    renewLease: (jobId, owner, now, leaseMs) =>
      attempt(context, 'renewLease', 'idempotent', async () => {
        const result = await db
          .update(jobs)
          .set({ leaseExpiresAt: now + leaseMs, updatedAt: now })
          .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner), sql`${jobs.leaseExpiresAt} > ${now}`));
        return (result.rowCount ?? 0) > 0;
      }),
    releaseLease: (jobId, owner, at) =>
      attempt(context, 'releaseLease', 'idempotent', async () => {
        await db
          .update(jobs)
          .set({ leaseOwner: null, leaseExpiresAt: null, updatedAt: at })
          .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner)));
      }),
    finishLeasedJob: (jobId, owner, patch, now) =>
      attempt(context, 'finishLeasedJob', 'once', async () => (await finishLeased(jobId, owner, patch, now)) !== undefined),
    // Repeating it after a lost connection is harmless: the same `at` finds the lease it extended.
    checkpointJob: ({ jobId, owner, at, leaseMs, cursor, nextPollAt }) =>
      attempt(context, 'checkpointJob', 'idempotent', async () => {
        const [row] = await db
          .update(jobs)
          .set({
            ...(cursor !== undefined ? { cursor } : {}),
            ...(nextPollAt !== undefined ? { nextPollAt } : {}),
            leaseExpiresAt: at + leaseMs,
            updatedAt: at,
          })
          .where(underLease(jobId, owner, at))
          .returning();
        if (row !== undefined) return { row: toJob(row) };
        const [current] = await db.select().from(jobs).where(eq(jobs.id, jobId));
        return { current };
      }).pipe(Effect.flatMap((outcome) => leaseOutcome(jobId, owner, outcome))),
    // The same conditional UPDATE; on refusal, one read says why (unknown job, or whose lease it is).
    finishJob: ({ jobId, owner, at, status, cursor }) =>
      attempt(context, 'finishJob', 'once', async () => {
        const row = await finishLeased(jobId, owner, { status, cursor, updatedAt: at }, at);
        if (row !== undefined) return { row };
        const [current] = await db.select().from(jobs).where(eq(jobs.id, jobId));
        return { current };
      }).pipe(Effect.flatMap((outcome) => leaseOutcome(jobId, owner, outcome))),
  };
}
