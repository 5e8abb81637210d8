/**
 * Jobs completed per second by N workers sharing one PostgreSQL job table. Each worker has its own
 * connection pool and runs a few lease loops, as a background worker process on its own host
 * would: lease a due job (`FOR UPDATE SKIP LOCKED`), do its work (one write), finish it under the
 * lease. Workers run in this process; the database does the arbitration.
 */
import { openPostgresStore, type PostgresStore } from '@weft/store-postgres';
import { Effect } from 'effect';

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

/** What one measurement found. */
export interface JobsRate {
  readonly workers: number;
  readonly jobs: number;
  readonly seconds: number;
  readonly jobsPerSecond: number;
  /** Jobs finished by more than one worker (must be 0). */
  readonly doubleFinishes: number;
}

/** Creates `count` due, active jobs, 16 at a time. */
async function seedJobs(store: PostgresStore, count: number): Promise<void> {
  await run(
    Effect.forEach(
      Array.from({ length: count }, (_, i) => String(i).padStart(6, '0')),
      (id) =>
        store.jobs.createJob({
          id: `job_${id}`,
          turnId: `turn_${id}`,
          conversationId: 'conv_bench',
          responseId: `resp_${id}`,
          nextPollAt: 0,
          createdAt: 0,
        }),
      { concurrency: 16, discard: true },
    ),
  );
}

/** One worker: `loops` lease loops until no job is left; returns how many it finished. */
async function work(store: PostgresStore, owner: string, loops: number): Promise<number> {
  let finished = 0;
  const loop = async (): Promise<void> => {
    for (;;) {
      const now = Date.now();
      const job = await run(store.jobs.acquireLease({ owner, now, leaseMs: 30_000 }));
      if (job === undefined) return;
      // The job's work: one write, as a poll that stores progress would make.
      await run(store.jobs.updateJob(job.id, { cursor: 1, attempts: 1, updatedAt: now }));
      const done = await run(
        store.jobs.finishLeasedJob(job.id, owner, { status: 'completed', updatedAt: now }, now),
      );
      if (done) finished++;
    }
  };
  await Promise.all(Array.from({ length: loops }, () => loop()));
  return finished;
}

/** Measures `workers` workers draining `jobs` jobs from the empty database at `url`. */
export async function measureJobsRate(
  url: string,
  workers: number,
  jobs: number,
  loopsPerWorker = 4,
): Promise<JobsRate> {
  const stores = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      openPostgresStore({ url, poolSize: loopsPerWorker, applicationName: `bench-worker-${i}` }),
    ),
  );
  try {
    const [first] = stores;
    if (first !== undefined) await seedJobs(first, jobs);
    const t0 = performance.now();
    const counts = await Promise.all(stores.map((store, i) => work(store, `worker_${i}`, loopsPerWorker)));
    const seconds = (performance.now() - t0) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    return {
      workers,
      jobs,
      seconds,
      jobsPerSecond: total / seconds,
      doubleFinishes: total - jobs,
    };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}
