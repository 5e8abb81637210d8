/**
 * store-postgres under many workers: background jobs completed per second with 1, 2 and 4 workers
 * sharing one database (the scaling ratio), turn write cost against store-sqlite, and how fast a
 * reader hears a turn written elsewhere with LISTEN/NOTIFY against polling. Starts its own
 * throwaway PostgreSQL with the server's default durability (fsync on), so writes are compared
 * with store-sqlite at `synchronous = FULL`.
 */
import { openSqliteStore } from '@weft/store-sqlite';
import { openPostgresStore } from '@weft/store-postgres';
import {
  createScratchDatabase,
  findPostgresBinaries,
  installHint,
  startThrowawayPostgres,
} from '@weft/store-postgres/testing';
import { join } from 'node:path';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import { type JobsRate, measureJobsRate } from '../support/postgres-jobs.js';
import { measureReaderLatency } from '../support/postgres-reader.js';
import { msPerTurn } from '../support/postgres-turn-writes.js';
import { tempDir } from '../support/system.js';

const describeRate = (r: JobsRate): string =>
  `${r.workers} worker${r.workers === 1 ? '' : 's'}: ${Math.round(r.jobsPerSecond)} jobs/s (${r.jobs} jobs in ${r.seconds.toFixed(1)} s)`;

/** `pg_jobs_per_s_4_workers`, `pg_turn_write_ms`, `pg_reader_notify_latency_ms`. */
export const postgresWorkers: Scenario = {
  name: 'store.postgres',
  description:
    'store-postgres on a throwaway local PostgreSQL (fsync on): jobs drained per second by 1, 2 and 4 workers (own pool and 4 lease loops each, SKIP LOCKED leases, one write per job, finish under the lease); beginTurn + finishTurn against store-sqlite (synchronous FULL); reader latency for a turn written by another pool, LISTEN/NOTIFY relay against polling every 250 ms.',
  async run(context) {
    if (findPostgresBinaries() === undefined) throw new Error(installHint);
    const jobs = context.quick ? 300 : 3_000;
    const turns = context.quick ? 50 : 500;
    const events = context.quick ? 15 : 80;
    const server = await startThrowawayPostgres({ durable: true });
    const dir = tempDir('pg-vs-sqlite');
    try {
      const rates: JobsRate[] = [];
      for (const workers of [1, 2, 4]) {
        const database = await createScratchDatabase(server.url);
        try {
          // Migrate once before the workers open their pools.
          await (await openPostgresStore({ url: database.url, poolSize: 1 })).close();
          const rate = await measureJobsRate(database.url, workers, jobs);
          if (rate.doubleFinishes !== 0) throw new Error(`${rate.doubleFinishes} jobs finished twice`);
          rates.push(rate);
          context.log(`  ${describeRate(rate)}`);
        } finally {
          await database.drop();
        }
      }

      const database = await createScratchDatabase(server.url);
      let postgresMs: number;
      let sqliteMs: number;
      let notify: Awaited<ReturnType<typeof measureReaderLatency>>;
      let poll: Awaited<ReturnType<typeof measureReaderLatency>>;
      try {
        const store = await openPostgresStore({ url: database.url, poolSize: 2 });
        try {
          postgresMs = await msPerTurn(store.turns, turns);
        } finally {
          await store.close();
        }
        const sqlite = openSqliteStore({ path: join(dir.path, 'weft.db'), synchronous: 'FULL' });
        try {
          sqliteMs = await msPerTurn(sqlite.turns, turns);
        } finally {
          sqlite.close();
        }
        context.log(`  turn writes: postgres ${postgresMs.toFixed(2)} ms, sqlite ${sqliteMs.toFixed(2)} ms`);
        notify = await measureReaderLatency(database.url, 'notify', events);
        poll = await measureReaderLatency(database.url, 'poll', events);
        context.log(`  reader: notify ${notify.medianMs.toFixed(1)} ms, poll ${poll.medianMs.toFixed(1)} ms`);
      } finally {
        await database.drop();
      }

      const [one, , four] = rates;
      if (one === undefined || four === undefined) throw new Error('no measurement');
      return {
        figures: [
          figure({
            key: 'pg_jobs_per_s_4_workers',
            value: four.jobsPerSecond,
            unit: 'jobs/s',
            what: `jobs completed per second by 4 workers sharing one PostgreSQL (${jobs.toLocaleString('en-US')} jobs, none finished twice)`,
            baseline: { label: 'the same with 1 worker', value: one.jobsPerSecond, unit: 'jobs/s' },
            ratioMeaning: '4 workers ÷ 1 worker (scaling; the machine has few cores shared with the server)',
            note: rates.map(describeRate).join('; '),
          }),
          figure({
            key: 'pg_turn_write_ms',
            value: postgresMs,
            unit: 'ms/turn',
            what: `beginTurn + finishTurn (head CAS, one event) on store-postgres, ${turns} turns`,
            baseline: { label: 'store-sqlite, synchronous FULL, same calls', value: sqliteMs, unit: 'ms/turn' },
            ratioMeaning: 'postgres ÷ sqlite time per turn',
          }),
          figure({
            key: 'pg_reader_notify_latency_ms',
            value: notify.medianMs,
            unit: 'ms',
            what: `median time from an append in one pool to a reader (attachToTurn) on another hearing it, LISTEN/NOTIFY relay (${events} events)`,
            baseline: { label: 'polling the events table every 250 ms', value: poll.medianMs, unit: 'ms' },
            ratioMeaning: 'notify ÷ poll latency',
            note: `p95 notify ${notify.p95Ms.toFixed(1)} ms, poll ${poll.p95Ms.toFixed(1)} ms; reader store reads/s notify ${notify.readsPerSecond.toFixed(1)}, poll ${poll.readsPerSecond.toFixed(1)}`,
          }),
        ],
        series: rates.map((r) => ({ chart: 'pg-jobs-scaling', series: 'jobs/s', x: r.workers, y: r.jobsPerSecond })),
      };
    } finally {
      dir.remove();
      await server.stop();
    }
  },
};
