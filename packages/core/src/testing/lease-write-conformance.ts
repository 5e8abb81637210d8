/**
 * Conformance: the lease-checked job writes — `checkpointJob` (progress and lease extension) and
 * `finishJob` (the job's end) — which a driver that lost its lease must never get through.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import { contenderOf, failureOf, type FixtureAccess, newJob, run, settle, T0 } from './conformance-support.js';

/** Registers the lease-checked write tests. */
export function describeLeaseWriteConformance(fixture: FixtureAccess): void {
  describe('checkpointing', () => {
    it('records the cursor and next poll under a held lease and extends the lease', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      const saved = await run(
        jobs.checkpointJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 900, leaseMs: 1000, cursor: 12 }),
      );
      expect(saved).toMatchObject({ cursor: 12, nextPollAt: T0, leaseOwner: 'worker_a', leaseExpiresAt: T0 + 1900 });
      const moved = await run(
        jobs.checkpointJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1500, leaseMs: 1000, nextPollAt: T0 + 50 }),
      );
      expect(moved).toMatchObject({ cursor: 12, nextPollAt: T0 + 50, leaseExpiresAt: T0 + 2500, updatedAt: T0 + 1500 });
      const cleared = await run(
        jobs.checkpointJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1600, leaseMs: 1000, cursor: null }),
      );
      expect(cleared.cursor).toBeNull();
      expect(await run(jobs.getJob('job_1'))).toEqual(cleared);
    });

    it('refuses, with LeaseLost and nothing written, a stalled owner, a taken-over job and an ended one', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      const lapsed = await run(jobs.getJob('job_1'));
      const late = { jobId: 'job_1', owner: 'worker_a', at: T0 + 1000, leaseMs: 1000, cursor: 5 } as const;
      expect(await failureOf(jobs.checkpointJob(late))).toMatchObject({ _tag: 'LeaseLost', holder: 'worker_a', jobStatus: 'active' });
      expect(await run(jobs.getJob('job_1'))).toEqual(lapsed);
      await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 1200, leaseMs: 1000 }));
      const taken = await run(jobs.getJob('job_1'));
      expect(await failureOf(jobs.checkpointJob({ ...late, at: T0 + 1300 }))).toMatchObject({ _tag: 'LeaseLost', holder: 'worker_b' });
      expect(await run(jobs.getJob('job_1'))).toEqual(taken);
      await run(jobs.finishJob({ jobId: 'job_1', owner: 'worker_b', at: T0 + 1400, status: 'completed' }));
      expect(
        await failureOf(jobs.checkpointJob({ ...late, owner: 'worker_b', at: T0 + 1500 })),
      ).toMatchObject({ _tag: 'LeaseLost', jobStatus: 'completed' });
      expect(
        await failureOf(jobs.checkpointJob({ ...late, jobId: 'job_missing', at: T0 })),
      ).toMatchObject({ _tag: 'NotFound', kind: 'job', id: 'job_missing' });
    });
  });

  describe('finishing', () => {
    it('ends an active job under a held lease, drops the lease, and keeps the cursor given', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      const finished = await run(
        jobs.finishJob({
          jobId: 'job_1',
          owner: 'worker_a',
          at: T0 + 400,
          status: 'completed',
          cursor: 17,
        }),
      );
      expect(finished).toMatchObject({
        id: 'job_1',
        status: 'completed',
        cursor: 17,
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: T0 + 400,
      });
      expect(await run(jobs.getJob('job_1'))).toEqual(finished);
      expect(
        await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 5000, leaseMs: 1000 })),
      ).toBeUndefined();
    });

    it('refuses, with LeaseLost, a finish after the lease expired, and writes nothing', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      const before = await run(jobs.getJob('job_1'));
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1000, status: 'completed' }),
        ),
      ).toMatchObject({
        _tag: 'LeaseLost',
        jobId: 'job_1',
        owner: 'worker_a',
        jobStatus: 'active',
      });
      expect(await run(jobs.getJob('job_1'))).toEqual(before);
    });

    it('refuses the stalled owner once another took over, and lets the new owner finish once', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      await run(jobs.acquireLease({ owner: 'worker_b', now: T0 + 1500, leaseMs: 1000 }));
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1600, status: 'failed' }),
        ),
      ).toMatchObject({ _tag: 'LeaseLost', holder: 'worker_b', jobStatus: 'active' });
      const done = await run(
        jobs.finishJob({ jobId: 'job_1', owner: 'worker_b', at: T0 + 1700, status: 'completed' }),
      );
      expect(done).toMatchObject({ status: 'completed', leaseOwner: null, updatedAt: T0 + 1700 });
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_b', at: T0 + 1800, status: 'cancelled' }),
        ),
      ).toMatchObject({ _tag: 'LeaseLost', holder: null, jobStatus: 'completed' });
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1800, status: 'failed' }),
        ),
      ).toMatchObject({ _tag: 'LeaseLost', jobStatus: 'completed' });
      expect(await run(jobs.getJob('job_1'))).toEqual(done);
    });

    it('refuses a job never leased, or leased after release, and fails NotFound for an unknown job', async () => {
      const { jobs } = fixture();
      await run(jobs.createJob(newJob('job_1', T0)));
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0, status: 'completed' }),
        ),
      ).toMatchObject({ _tag: 'LeaseLost', holder: null });
      await run(jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      await run(jobs.releaseLease('job_1', 'worker_a', T0 + 10));
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 20, status: 'completed' }),
        ),
      ).toMatchObject({ _tag: 'LeaseLost' });
      expect((await run(jobs.getJob('job_1'))).status).toBe('active');
      expect(
        await failureOf(
          jobs.finishJob({ jobId: 'job_missing', owner: 'worker_a', at: T0, status: 'completed' }),
        ),
      ).toMatchObject({ _tag: 'NotFound', kind: 'job', id: 'job_missing' });
    });

    it('lets exactly one of two racing finishes through: the lease holder', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await run(f.jobs.createJob(newJob('job_1', T0)));
      await run(f.jobs.acquireLease({ owner: 'worker_a', now: T0, leaseMs: 1000 }));
      await run(other.jobs.acquireLease({ owner: 'worker_b', now: T0 + 1001, leaseMs: 1000 }));
      const [a, b] = await Promise.all([
        settle(
          f.jobs.finishJob({ jobId: 'job_1', owner: 'worker_a', at: T0 + 1002, status: 'failed' }),
        ),
        settle(
          other.jobs.finishJob({
            jobId: 'job_1',
            owner: 'worker_b',
            at: T0 + 1002,
            status: 'completed',
          }),
        ),
      ]);
      expect(a.ok).toBe(false);
      expect(b.ok).toBe(true);
      expect((await run(f.jobs.getJob('job_1'))).status).toBe('completed');
    });
  });
}
