import { Effect } from 'effect';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, startChild } from './fixtures/child-process.js';
import { createScratchDatabase, type ScratchDatabase } from './testing.js';
import { openPostgresStore } from './open-postgres-store.js';
import { requireServer, serverUrl, template } from './test-server.js';

const jobCount = 1000;
const leaseMs = 1500;

/** A ledger the workers cannot bypass: a trigger records every write that completes a job. */
const ledger = `
  CREATE TABLE work_log (seq bigserial PRIMARY KEY, job_id text NOT NULL, owner text NOT NULL);
  CREATE TABLE finishes (seq bigserial PRIMARY KEY, job_id text NOT NULL, owner text);
  CREATE FUNCTION record_finish() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO finishes (job_id, owner) VALUES (NEW.id, OLD.lease_owner); RETURN NEW; END $$;
  CREATE TRIGGER jobs_finish AFTER UPDATE ON jobs FOR EACH ROW
    WHEN (NEW.status = 'completed') EXECUTE FUNCTION record_finish();
  INSERT INTO jobs (id, turn_id, conversation_id, response_id, status, next_poll_at, created_at, updated_at)
    SELECT 'job_' || lpad(i::text, 4, '0'), 'turn_' || i, 'conv_' || (i % 10), 'resp_' || i, 'active', 0, i, i
    FROM generate_series(1, ${jobCount}) AS i;`;

describe.skipIf(serverUrl === null)('jobs shared by worker processes', () => {
  let database: ScratchDatabase | undefined;
  const children: Child[] = [];

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop('SIGKILL')));
    await database?.drop();
  });

  it('four workers finish 1,000 jobs exactly once while two of them are killed mid-job', { timeout: 240_000 }, async () => {
    database = await createScratchDatabase(requireServer(), { template });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(ledger);
      const owners = ['worker_a', 'worker_b', 'worker_c', 'worker_d'];
      // a and b stall (holding two leased jobs each) after 100 jobs and are killed there.
      for (const [i, owner] of owners.entries()) {
        children.push(startChild('job-worker', [database.url, owner, String(leaseMs), '2', i < 2 ? '100' : '0']));
      }
      const [a, b, c, d] = children as [Child, Child, Child, Child];
      const stalledJobs: string[] = [];
      for (const victim of [a, b]) {
        const stalled = await victim.expectMessage('stalled');
        stalledJobs.push(...(stalled['jobIds'] as string[]));
        await victim.stop('SIGKILL');
        expect(victim.process.signalCode).toBe('SIGKILL');
      }
      const survivors = await Promise.all([c.expectMessage('exit'), d.expectMessage('exit')]);
      expect(survivors.map((message) => message['count'] as number).every((count) => count > 0)).toBe(true);

      const status = await admin.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM jobs GROUP BY status',
      );
      expect(status.rows.map((row) => [row.status, Number(row.n)])).toEqual([['completed', jobCount]]);
      const finishes = await admin.query<{ job_id: string; owner: string }>('SELECT job_id, owner FROM finishes');
      expect(finishes.rows).toHaveLength(jobCount);
      expect(new Set(finishes.rows.map((row) => row.job_id)).size).toBe(jobCount);
      // The jobs the killed workers held were taken over and finished by the survivors.
      const finisher = new Map(finishes.rows.map((row) => [row.job_id, row.owner]));
      expect(stalledJobs).toHaveLength(4);
      for (const jobId of stalledJobs) expect(['worker_c', 'worker_d']).toContain(finisher.get(jobId));
      // A job changed hands only away from a killed worker; a live worker's job was never taken.
      const work = await admin.query<{ job_id: string; owners: string[] }>(
        'SELECT job_id, array_agg(owner ORDER BY seq) AS owners FROM work_log GROUP BY job_id HAVING count(*) > 1',
      );
      expect(work.rows.map((row) => row.job_id).sort()).toEqual([...stalledJobs].sort());
      for (const row of work.rows) {
        expect(row.owners.slice(0, -1).every((owner) => owner === 'worker_a' || owner === 'worker_b')).toBe(true);
        expect(row.owners.at(-1)).toBe(finisher.get(row.job_id));
      }
      // Every finish was made by the worker that held the lease at the time.
      expect(finishes.rows.every((row) => owners.includes(row.owner))).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it('a worker whose lease expired cannot finish the job another worker took over', async () => {
    database = await createScratchDatabase(requireServer(), { template });
    const store = await openPostgresStore({ url: database.url, poolSize: 2 });
    const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
    try {
      await run(
        store.jobs.createJob({ id: 'job_1', turnId: 't', conversationId: 'c', responseId: 'r', nextPollAt: 0, createdAt: 0 }),
      );
      expect((await run(store.jobs.acquireLease({ owner: 'slow', now: 10, leaseMs: 100 })))?.id).toBe('job_1');
      expect((await run(store.jobs.acquireLease({ owner: 'fast', now: 200, leaseMs: 100 })))?.leaseOwner).toBe('fast');
      expect(await run(store.jobs.finishLeasedJob('job_1', 'slow', { status: 'completed', updatedAt: 210 }, 210))).toBe(false);
      expect(await run(store.jobs.finishLeasedJob('job_1', 'fast', { status: 'completed', updatedAt: 220 }, 220))).toBe(true);
      expect(await run(store.jobs.finishLeasedJob('job_1', 'fast', { status: 'failed', updatedAt: 230 }, 230))).toBe(false);
      expect(await run(store.jobs.getJob('job_1'))).toMatchObject({ status: 'completed', leaseOwner: null, updatedAt: 220 });
    } finally {
      await store.close();
    }
  });
});
