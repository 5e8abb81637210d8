/**
 * Conformance: background jobs — create, update, list, and exclusive, expiring leases.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { NewJob } from '../domain/job.js';
import type { JobStoreShape } from '../ports/job-store.js';
import {
  contenderOf,
  failureOf,
  type FixtureAccess,
  newJob,
  run,
  settle,
  T0,
} from './conformance-support.js';

async function createJobs(jobs: JobStoreShape, inputs: readonly NewJob[]): Promise<void> {
  for (const input of inputs) await run(jobs.createJob(input));
}

/** Registers the job tests. */
export function describeJobConformance(fixture: FixtureAccess): void {
  describe('jobs', () => {
    it('creates an active, unleased job and reads it back by id and by turn', async () => {
      const { jobs } = fixture();
      const job = await run(jobs.createJob(newJob('job_1', T0 + 5, T0 + 1)));
      expect(job).toEqual({
        id: 'job_1',
        turnId: 'turn_1',
        conversationId: 'conv_a',
        responseId: 'resp_1',
        status: 'active',
        cursor: null,
        nextPollAt: T0 + 5,
        leaseOwner: null,
        leaseExpiresAt: null,
        attempts: 0,
        createdAt: T0 + 1,
        updatedAt: T0 + 1,
      });
      expect(await run(jobs.getJob('job_1'))).toEqual(job);
      expect(await run(jobs.findJobByTurn('turn_1'))).toEqual(job);
      expect(await run(jobs.findJobByTurn('turn_missing'))).toBeUndefined();
    });

    it('fails with NotFound (kind job) for an unknown job', async () => {
      const { jobs } = fixture();
      expect(await failureOf(jobs.getJob('job_missing'))).toMatchObject({
        _tag: 'NotFound',
        kind: 'job',
        id: 'job_missing',
      });
      expect(await failureOf(jobs.updateJob('job_missing', { updatedAt: T0 }))).toMatchObject({
        _tag: 'NotFound',
        kind: 'job',
      });
    });

    it('updates only the fields in the patch', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1')));
      const first = await run(
        jobs.updateJob('job_1', { cursor: 42, attempts: 1, updatedAt: T0 + 1 }),
      );
      expect(first).toMatchObject({
        cursor: 42,
        attempts: 1,
        status: 'active',
        nextPollAt: T0,
        updatedAt: T0 + 1,
      });
      const second = await run(
        jobs.updateJob('job_1', { status: 'completed', nextPollAt: T0 + 9, updatedAt: T0 + 2 }),
      );
      expect(second).toMatchObject({
        cursor: 42,
        attempts: 1,
        status: 'completed',
        nextPollAt: T0 + 9,
      });
      const cleared = await run(jobs.updateJob('job_1', { cursor: null, updatedAt: T0 + 3 }));
      expect(cleared.cursor).toBeNull();
      expect(await run(jobs.getJob('job_1'))).toEqual(cleared);
    });

    it('lists jobs oldest first, by status and up to a limit', async () => {
      const { jobs } = fixture();
      await createJobs(jobs, [
        newJob('job_3', T0, T0 + 3),
        newJob('job_1', T0, T0 + 1),
        newJob('job_2', T0, T0 + 2),
      ]);
      await run(jobs.updateJob('job_2', { status: 'failed', updatedAt: T0 + 4 }));
      expect((await run(jobs.listJobs())).map((j) => j.id)).toEqual(['job_1', 'job_2', 'job_3']);
      expect((await run(jobs.listJobs({ status: 'active' }))).map((j) => j.id)).toEqual([
        'job_1',
        'job_3',
      ]);
      expect((await run(jobs.listJobs({ status: 'failed' }))).map((j) => j.id)).toEqual(['job_2']);
      expect(await run(jobs.listJobs({ status: 'cancelled' }))).toEqual([]);
      expect((await run(jobs.listJobs({ limit: 2 }))).map((j) => j.id)).toEqual(['job_1', 'job_2']);
    });
  });

  describe('leases', () => {
    it('leases a due, active, unleased job to one owner until now + leaseMs', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      const leased = await run(
        jobs.acquireLease({ owner: 'worker_a', now: T0 + 10, leaseMs: 1000 }),
      );
      expect(leased).toMatchObject({
        id: 'job_1',
        leaseOwner: 'worker_a',
        leaseExpiresAt: T0 + 1010,
      });
      expect(await run(jobs.getJob('job_1'))).toMatchObject({
        leaseOwner: 'worker_a',
        leaseExpiresAt: T0 + 1010,
      });
      expect(
        await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 20, leaseMs: 1000 })),
      ).toBeUndefined();
    });

    it('skips jobs not yet due and jobs no longer active', async () => {
      const { jobs } = fixture();
      await createJobs(jobs, [newJob('job_future', T0 + 500), newJob('job_done', T0)]);
      await run(jobs.updateJob('job_done', { status: 'completed', updatedAt: T0 }));
      expect(
        await run(jobs.acquireLease({ owner: 'w', now: T0 + 100, leaseMs: 1000 })),
      ).toBeUndefined();
      const due = await run(jobs.acquireLease({ owner: 'w', now: T0 + 500, leaseMs: 1000 }));
      expect(due?.id).toBe('job_future');
    });

    it('takes the most overdue job first', async () => {
      const { jobs } = fixture();
      await createJobs(jobs, [
        newJob('job_1', T0 + 30),
        newJob('job_2', T0 + 10),
        newJob('job_3', T0 + 20),
      ]);
      const order: (string | undefined)[] = [];
      for (const owner of ['w1', 'w2', 'w3', 'w4']) {
        order.push((await run(jobs.acquireLease({ owner, now: T0 + 100, leaseMs: 1000 })))?.id);
      }
      expect(order).toEqual(['job_2', 'job_3', 'job_1', undefined]);
    });

    it('with jobId, leases only that job, and only when it is leasable', async () => {
      const { jobs } = fixture();
      await createJobs(jobs, [newJob('job_1', T0), newJob('job_2', T0 + 50)]);
      const picked = await run(
        jobs.acquireLease({ owner: 'w', now: T0 + 60, leaseMs: 100, jobId: 'job_2' }),
      );
      expect(picked).toMatchObject({ id: 'job_2', leaseOwner: 'w' });
      expect(await run(jobs.getJob('job_1'))).toMatchObject({ leaseOwner: null });
      const held = await run(
        jobs.acquireLease({ owner: 'v', now: T0 + 70, leaseMs: 100, jobId: 'job_2' }),
      );
      expect(held).toBeUndefined();
      const notDue = await run(
        jobs.acquireLease({ owner: 'v', now: T0 + 10, leaseMs: 100, jobId: 'job_2' }),
      );
      expect(notDue).toBeUndefined();
      const unknown = await run(
        jobs.acquireLease({ owner: 'v', now: T0 + 70, leaseMs: 100, jobId: 'job_missing' }),
      );
      expect(unknown).toBeUndefined();
    });

    it('lets another owner take over an expired lease; the old owner then cannot renew', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      expect(
        await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 500, leaseMs: 1000 })),
      ).toBeUndefined();
      const takeover = await run(
        jobs.acquireLease({ owner: 'worker_b', now: T0 + 1500, leaseMs: 1000 }),
      );
      expect(takeover).toMatchObject({
        id: 'job_1',
        leaseOwner: 'worker_b',
        leaseExpiresAt: T0 + 2500,
      });
      expect(await run(jobs.renewLease('job_1', 'worker_a', T0 + 1600, 1000))).toBe(false);
      expect(await run(jobs.getJob('job_1'))).toMatchObject({
        leaseOwner: 'worker_b',
        leaseExpiresAt: T0 + 2500,
      });
    });

    it('renews a held lease, and release frees it for the next owner', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      expect(await run(jobs.renewLease('job_1', 'worker_a', T0 + 800, 1000))).toBe(true);
      expect(await run(jobs.getJob('job_1'))).toMatchObject({ leaseExpiresAt: T0 + 1800 });
      expect(
        await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 1500, leaseMs: 1000 })),
      ).toBeUndefined();

      await run(jobs.releaseLease('job_1', 'worker_b', T0 + 1500));
      expect(await run(jobs.getJob('job_1'))).toMatchObject({ leaseOwner: 'worker_a' });
      await run(jobs.releaseLease('job_1', 'worker_a', T0 + 1600));
      expect(await run(jobs.getJob('job_1'))).toMatchObject({
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      const next = await run(
        jobs.acquireLease({ owner: 'worker_b', now: T0 + 1600, leaseMs: 1000 }),
      );
      expect(next).toMatchObject({ leaseOwner: 'worker_b' });
    });

    it('does not renew a lease never held, or of an unknown job', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      expect(await run(jobs.renewLease('job_1', 'worker_a', T0, 1000))).toBe(false);
      expect(await run(jobs.renewLease('job_missing', 'worker_a', T0, 1000))).toBe(false);
      await run(jobs.releaseLease('job_missing', 'worker_a', T0));
    });

    it('gives a job to exactly one of two owners racing for it', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await run(f.jobs.createJob(newJob('job_1', T0)));
      const [a, b] = await Promise.all([
        settle(
          f.jobs.acquireLease({ owner: 'worker_a', now: T0 + 1, leaseMs: 1000, jobId: 'job_1' }),
        ),
        settle(
          other.jobs.acquireLease({
            owner: 'worker_b',
            now: T0 + 1,
            leaseMs: 1000,
            jobId: 'job_1',
          }),
        ),
      ]);
      const winners = [a, b].flatMap((o) =>
        o.ok && o.value !== undefined ? [o.value.leaseOwner] : [],
      );
      expect(winners).toHaveLength(1);
      expect((await run(f.jobs.getJob('job_1'))).leaseOwner).toBe(winners[0]);
    });

    it('spreads jobs over many racing owners without giving one job to two', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await createJobs(f.jobs, [newJob('job_1', T0), newJob('job_2', T0), newJob('job_3', T0)]);
      const owners = Array.from({ length: 8 }, (_, i) => `worker_${i}`);
      const leased = await Promise.all(
        owners.map((owner, i) =>
          run((i % 2 === 0 ? f : other).jobs.acquireLease({ owner, now: T0 + 1, leaseMs: 1000 })),
        ),
      );
      const got = leased.flatMap((job, i) =>
        job === undefined ? [] : [[job.id, owners[i]] as const],
      );
      expect(got.map(([id]) => id).sort()).toEqual(['job_1', 'job_2', 'job_3']);
      for (const [id, owner] of got) {
        expect((await run(f.jobs.getJob(id))).leaseOwner).toBe(owner);
      }
    });
  });
}
