/**
 * Many background jobs in flight, driven by one worker: how the cost of one poll changes with the
 * number of jobs the worker holds. The local server runs in its own process with every background
 * response stalled (`in_progress` forever), so the worker polls steadily.
 */
import { createBackgroundWorker, type BackgroundWorker } from '@weft/adapter-background';
import { createOpenAIResponsesClient, makeMemoryStores, type MemoryStores, type ResponsesClientShape } from '@weft/core';
import { Effect } from 'effect';
import type { Scenario } from '../scenario.js';
import { startServerProcess } from '../support/server-process.js';

const model = 'gpt-5';

/** What one measurement found. */
export interface BackgroundJobsFigures {
  readonly jobs: number;
  readonly windowMs: number;
  readonly polls: number;
  readonly pollsPerSecond: number;
  /** Worker-process CPU per poll (scheduler, lease renewals, SDK request, JSON parse), ms. */
  readonly clientCpuMsPerPoll: number;
  /** Server-process CPU per poll, ms (undefined without /proc). */
  readonly serverCpuMsPerPoll: number | undefined;
  /** Time to create the responses and claim every job, ms. */
  readonly setupMs: number;
}

/** Creates `count` stalled background responses and their turns and jobs, `concurrency` at a time. */
async function seed(stores: MemoryStores, client: ResponsesClientShape, count: number, concurrency = 64): Promise<void> {
  const at = Date.now();
  await Effect.runPromise(
    Effect.forEach(
      Array.from({ length: count }, (_, i) => i),
      (i: number) =>
        Effect.gen(function* () {
          const id = String(i).padStart(6, '0');
          const input = [{ role: 'user' as const, content: `job ${id}` }];
          yield* stores.turns.createConversation({ id: `conv_${id}`, createdAt: at });
          yield* stores.turns.beginTurn({
            id: `turn_${id}`,
            conversationId: `conv_${id}`,
            parentId: null,
            request: { input, params: { model } },
            contextStrategy: 'local',
            executionStrategy: 'background',
            createdAt: at,
          });
          const response = yield* client.create(
            { model, input, background: true, store: true },
            { headers: { 'x-weft-fault': 'background=stall' } },
          );
          yield* stores.jobs.createJob({
            id: `job_${id}`,
            turnId: `turn_${id}`,
            conversationId: `conv_${id}`,
            responseId: response.id,
            nextPollAt: at,
            createdAt: at,
          });
        }),
      { concurrency, discard: true },
    ),
  );
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** A worker holding many stalled jobs against a local server in its own process. */
export interface RunningJobs {
  /** Polls made so far. */
  polls(): number;
  /** Server-process CPU, µs (undefined without /proc). */
  serverCpuMicros(): number | undefined;
  /** Time to create the responses and claim every job, ms. */
  readonly setupMs: number;
  stop(): Promise<void>;
}

/** Creates `jobs` stalled background jobs and a worker polling each every `pollMs`; resolves once all are claimed. */
export async function startBackgroundJobs(options: {
  readonly jobs: number;
  readonly pollMs?: number | undefined;
  readonly concurrency?: number | undefined;
}): Promise<RunningJobs> {
  const pollMs = options.pollMs ?? 1000;
  const server = await startServerProcess({ rules: [{ reply: { text: 'Still thinking.' } }] });
  const client = createOpenAIResponsesClient({ baseURL: server.baseURL, apiKey: 'local' });
  const stores = makeMemoryStores();
  const started = Date.now();
  let worker: BackgroundWorker | undefined;
  try {
    await seed(stores, client, options.jobs);
    const running = createBackgroundWorker({
      client,
      turns: stores.turns,
      jobs: stores.jobs,
      leaseMs: 60_000,
      pollIntervalMs: 500,
      poll: { initialMs: pollMs, maxMs: pollMs, multiplier: 1 },
      concurrency: options.concurrency ?? 64,
    });
    worker = running;
    running.start();
    while (running.stats().claimed < options.jobs) await new Promise((resolve) => setTimeout(resolve, 50));
    const setupMs = Date.now() - started;
    // Let the first round of polls spread out before anything is measured.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 * pollMs, 3000)));
    return {
      polls: () => running.stats().polls,
      serverCpuMicros: () => server.cpuMicros(),
      setupMs,
      stop: async () => {
        await running.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await worker?.stop();
    await server.stop();
    throw error;
  }
}

/** Measures a `windowMs` window of {@link startBackgroundJobs}. */
export async function measureBackgroundJobs(options: {
  readonly jobs: number;
  readonly windowMs?: number | undefined;
  readonly pollMs?: number | undefined;
  readonly concurrency?: number | undefined;
}): Promise<BackgroundJobsFigures> {
  const windowMs = options.windowMs ?? 3000;
  const running = await startBackgroundJobs(options);
  try {
    const polls0 = running.polls();
    const cpu0 = cpuMs();
    const server0 = running.serverCpuMicros();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const elapsed = performance.now() - t0;
    const polls = running.polls() - polls0;
    const server1 = running.serverCpuMicros();
    return {
      jobs: options.jobs,
      windowMs: Math.round(elapsed),
      polls,
      pollsPerSecond: (polls * 1000) / elapsed,
      clientCpuMsPerPoll: (cpuMs() - cpu0) / Math.max(1, polls),
      serverCpuMsPerPoll:
        server0 === undefined || server1 === undefined ? undefined : (server1 - server0) / 1000 / Math.max(1, polls),
      setupMs: running.setupMs,
    };
  } finally {
    await running.stop();
  }
}

/** 10,000 background jobs in flight, one worker: the polls per second it sustains. */
export const backgroundJobs: Scenario = {
  name: 'background.jobs-10k',
  description:
    'One background worker holding 10,000 stalled jobs (memory stores), polling each every second, 64 polls in flight; server in a child process.',
  unit: 'polls/s',
  async setup() {
    const running = await startBackgroundJobs({ jobs: 10_000 });
    return {
      serverCpuMicros: () => running.serverCpuMicros(),
      iteration: async () => {
        const before = running.polls();
        await new Promise((resolve) => setTimeout(resolve, 250));
        return running.polls() - before;
      },
      teardown: () => running.stop(),
    };
  },
};

/** `node background-jobs.js [jobs…]` prints the figures for each job count (default 100 and 10,000). */
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const counts = process.argv.slice(2).map(Number);
  for (const jobs of counts.length > 0 ? counts : [100, 10_000]) {
    const figures = await measureBackgroundJobs({ jobs });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
}
