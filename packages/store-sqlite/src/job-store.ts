/**
 * The SQLite job store: background jobs in flight and their leases.
 *
 * @module
 */
import { type Job, type JobStoreShape, LeaseLost, NotFound, StorageError } from '@weft/core';
import { Effect } from 'effect';
import { and, asc, desc, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Connection } from './internal/connection.js';
import { bind } from './internal/bind.js';
import { attempt, attemptOr, type ErrorContext } from './internal/errors.js';
import { toJob } from './internal/rows.js';
import { jobs } from './schema.js';

/**
 * Makes a {@link JobStoreShape} over an open connection.
 *
 * `acquireLease` is a single `UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING`, so at most one
 * owner, in any process, holds a job's lease at a time. A lease is held while
 * `leaseExpiresAt > now`; `finishJob` and `checkpointJob` are each one conditional `UPDATE … RETURNING` on the same rule. Without `jobId` it takes the most overdue job (then oldest, then id).
 */
export function makeSqliteJobStore(connection: Connection, context: ErrorContext): JobStoreShape {
  const { db } = connection;
  const p = (name: string) => sql.placeholder(name);

  const selectJob = db
    .select()
    .from(jobs)
    .where(eq(jobs.id, p('id')))
    .prepare();
  const insertJob = db
    .insert(jobs)
    .values({
      id: p('id'),
      turnId: p('turnId'),
      conversationId: p('conversationId'),
      responseId: p('responseId'),
      status: 'active',
      nextPollAt: p('nextPollAt'),
      attempts: 0,
      createdAt: p('createdAt'),
      updatedAt: p('createdAt'),
    })
    .onConflictDoNothing()
    .returning()
    .prepare();
  const selectByTurn = db
    .select()
    .from(jobs)
    .where(eq(jobs.turnId, p('turnId')))
    .orderBy(desc(jobs.createdAt), desc(sql`rowid`))
    .limit(1)
    .prepare();

  const leasable = (): SQL | undefined =>
    and(
      eq(jobs.status, 'active'),
      lte(jobs.nextPollAt, p('now')),
      or(isNull(jobs.leaseOwner), isNull(jobs.leaseExpiresAt), lte(jobs.leaseExpiresAt, p('now'))),
    );
  const acquire = (byId: boolean) =>
    db
      .update(jobs)
      .set({
        leaseOwner: bind('owner'),
        leaseExpiresAt: sql`${bind('now')} + ${bind('leaseMs')}`,
        updatedAt: bind('now'),
      })
      .where(
        and(
          eq(
            jobs.id,
            db
              .select({ id: jobs.id })
              .from(jobs)
              .where(byId ? and(eq(jobs.id, p('jobId')), leasable()) : leasable())
              .orderBy(asc(jobs.nextPollAt), asc(jobs.createdAt), asc(jobs.id))
              .limit(1),
          ),
          leasable(),
        ),
      )
      .returning()
      .prepare();
  const acquireAny = acquire(false);
  const acquireOne = acquire(true);
  const renew = db
    .update(jobs)
    .set({ leaseExpiresAt: sql`${bind('now')} + ${bind('leaseMs')}`, updatedAt: bind('now') })
    .where(
      and(
        eq(jobs.id, p('id')),
        eq(jobs.leaseOwner, p('owner')),
        sql`${jobs.leaseExpiresAt} > ${p('now')}`,
      ),
    )
    .prepare();
  const release = db
    .update(jobs)
    .set({ leaseOwner: null, leaseExpiresAt: null, updatedAt: bind('at') })
    .where(and(eq(jobs.id, p('id')), eq(jobs.leaseOwner, p('owner'))))
    .prepare();

  // The rule every lease-checked write shares: the job is active and `owner` holds an unexpired lease.
  const underLease = and(
    eq(jobs.id, p('id')),
    eq(jobs.status, 'active'),
    eq(jobs.leaseOwner, p('owner')),
    sql`${jobs.leaseExpiresAt} > ${p('at')}`,
  );

  // Ends the job only while the owner holds its lease.
  const finish = (withCursor: boolean) =>
    db
      .update(jobs)
      .set({
        status: bind('status'),
        ...(withCursor ? { cursor: bind('cursor') } : {}),
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: bind('at'),
      })
      .where(underLease)
      .returning()
      .prepare();
  const finishKeepingCursor = finish(false);
  const finishWithCursor = finish(true);

  // Records progress and extends the lease on the same rule as `finish`; a flag per optional
  // field keeps one prepared statement (a null cursor is a value, not "unchanged").
  const checkpoint = db
    .update(jobs)
    .set({
      cursor: sql`CASE WHEN ${p('setCursor')} = 1 THEN ${p('cursor')} ELSE ${jobs.cursor} END`,
      nextPollAt: sql`CASE WHEN ${p('setNextPollAt')} = 1 THEN ${p('nextPollAt')} ELSE ${jobs.nextPollAt} END`,
      leaseExpiresAt: sql`${bind('at')} + ${bind('leaseMs')}`,
      updatedAt: bind('at'),
    })
    .where(underLease)
    .returning()
    .prepare();

  const notFound = (id: string) => new NotFound({ kind: 'job', id });
  const refusal = (jobId: string, owner: string, current: typeof jobs.$inferSelect | undefined) =>
    current === undefined
      ? notFound(jobId)
      : new LeaseLost({ jobId, owner, holder: current.leaseOwner, jobStatus: current.status });

  return {
    createJob: (input) =>
      attempt(context, 'createJob', () => {
        const row = insertJob.get({ ...input });
        if (row === undefined) {
          throw new StorageError({
            operation: 'createJob',
            detail: `a job with id ${input.id} already exists; generate a fresh job id`,
          });
        }
        return toJob(row);
      }),
    getJob: (id) =>
      attemptOr<NotFound>(
        context,
        'getJob',
      )(() => {
        const row = selectJob.get({ id });
        if (row === undefined) throw notFound(id);
        return toJob(row);
      }),
    findJobByTurn: (turnId) =>
      attempt(context, 'findJobByTurn', () => {
        const row = selectByTurn.get({ turnId });
        return row === undefined ? undefined : toJob(row);
      }),
    updateJob: (id, patch) =>
      attemptOr<NotFound>(
        context,
        'updateJob',
      )(() => {
        const row = db
          .update(jobs)
          .set({
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}),
            ...(patch.nextPollAt !== undefined ? { nextPollAt: patch.nextPollAt } : {}),
            ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
            updatedAt: patch.updatedAt,
          })
          .where(eq(jobs.id, id))
          .returning()
          .get();
        if (row === undefined) throw notFound(id);
        return toJob(row);
      }),
    listJobs: (filter = {}) =>
      attempt(context, 'listJobs', () => {
        const query = db
          .select()
          .from(jobs)
          .where(filter.status === undefined ? undefined : eq(jobs.status, filter.status))
          .orderBy(asc(jobs.createdAt), asc(jobs.id));
        const rows =
          filter.limit === undefined
            ? query.all()
            : query.limit(Math.max(0, Math.floor(filter.limit))).all();
        return rows.map(toJob);
      }),
    acquireLease: ({ owner, now, leaseMs, jobId }) =>
      attempt(context, 'acquireLease', () => {
        const row =
          jobId === undefined
            ? acquireAny.get({ owner, now, leaseMs })
            : acquireOne.get({ owner, now, leaseMs, jobId });
        return row === undefined ? undefined : toJob(row);
      }),
    renewLease: (jobId, owner, now, leaseMs) =>
      attempt(
        context,
        'renewLease',
        () => renew.run({ id: jobId, owner, now, leaseMs }).changes > 0,
      ),
    releaseLease: (jobId, owner, at) =>
      attempt(context, 'releaseLease', () => {
        release.run({ id: jobId, owner, at });
      }),
    checkpointJob: ({ jobId, owner, at, leaseMs, cursor, nextPollAt }) =>
      attempt(context, 'checkpointJob', () => {
        const row = checkpoint.get({
          id: jobId,
          owner,
          at,
          leaseMs,
          setCursor: cursor === undefined ? 0 : 1,
          cursor: cursor ?? null,
          setNextPollAt: nextPollAt === undefined ? 0 : 1,
          nextPollAt: nextPollAt ?? null,
        });
        return row !== undefined ? { row } : { current: selectJob.get({ id: jobId }) };
      }).pipe(
        Effect.flatMap((outcome): Effect.Effect<Job, NotFound | LeaseLost> =>
          'row' in outcome ? Effect.succeed(toJob(outcome.row)) : Effect.fail(refusal(jobId, owner, outcome.current)),
        ),
      ),
    finishJob: ({ jobId, owner, at, status, cursor }) =>
      attempt(context, 'finishJob', () => {
        const row =
          cursor === undefined
            ? finishKeepingCursor.get({ id: jobId, owner, at, status })
            : finishWithCursor.get({ id: jobId, owner, at, status, cursor });
        // Refused: read why, for the error (on the failure path only).
        return row !== undefined ? { row } : { current: selectJob.get({ id: jobId }) };
      }).pipe(
        Effect.flatMap((outcome): Effect.Effect<Job, NotFound | LeaseLost> => {
          if ('row' in outcome) return Effect.succeed(toJob(outcome.row));
          const current = outcome.current;
          if (current === undefined) return Effect.fail(notFound(jobId));
          return Effect.fail(
            new LeaseLost({ jobId, owner, holder: current.leaseOwner, jobStatus: current.status }),
          );
        }),
      ),
  };
}
