/**
 * Many background jobs in flight, driven by one worker: how the cost of one poll changes with the
 * number of jobs the worker holds. The local server runs in its own process with every background
 * response stalled (`in_progress` forever), so the worker polls steadily.
 */
import { createBackgroundWorker, type BackgroundWorker } from '@weft/adapter-background';
import {
  createOpenAIResponsesClient,
  makeMemoryStores,
  type MemoryStores,
  type ResponsesClientShape,
} from '@weft/core';
import { Effect } from 'effect';
import OpenAI from 'openai';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import { startServerProcess } from '../support/server-process.js';
import { cpuMs } from '../support/system.js';

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
async function seed(
  stores: MemoryStores,
  client: ResponsesClientShape,
  count: number,
  concurrency = 64,
): Promise<void> {
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
    while (running.stats().claimed < options.jobs)
      await new Promise((resolve) => setTimeout(resolve, 50));
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
        server0 === undefined || server1 === undefined
          ? undefined
          : (server1 - server0) / 1000 / Math.max(1, polls),
      setupMs: running.setupMs,
    };
  } finally {
    await running.stop();
  }
}

/** Worker-process CPU per `responses.retrieve` made with the raw SDK, 64 in flight: the floor of a poll's cost. */
async function rawRetrieveCpuMs(calls: number): Promise<number> {
  const server = await startServerProcess({ rules: [{ reply: { text: 'Still thinking.' } }] });
  try {
    const sdk = new OpenAI({ baseURL: server.baseURL, apiKey: 'local', maxRetries: 0 });
    const created = await sdk.responses.create(
      { model, input: 'job', background: true, store: true },
      { headers: { 'x-weft-fault': 'background=stall' } },
    );
    let left = calls;
    const worker = async (): Promise<void> => {
      while (left-- > 0) await sdk.responses.retrieve(created.id);
    };
    await Promise.all(Array.from({ length: 64 }, worker)); // warm-up
    left = calls;
    const cpu0 = cpuMs();
    await Promise.all(Array.from({ length: 64 }, worker));
    return (cpuMs() - cpu0) / calls;
  } finally {
    await server.stop();
  }
}

/** `jobs_10k_poll_ms_per_job`: one worker driving 100 … 10,000 stalled background jobs. */
export const backgroundJobs: Scenario = {
  name: 'background.jobs',
  description:
    'One background worker (memory stores) holding 100, 1,000 and 10,000 stalled jobs, polling each every second with 64 polls in flight, server in a child process; per poll: worker CPU (scheduler, lease renewals, SDK request, JSON parse). Baselines: the same at 100 jobs (flatness), and a raw SDK responses.retrieve.',
  async run(context) {
    const counts = context.quick ? [50, 500] : [100, 1_000, 10_000];
    const windowMs = context.quick ? 1_500 : 4_000;
    const figures: BackgroundJobsFigures[] = [];
    for (const jobs of counts) {
      figures.push(await measureBackgroundJobs({ jobs, windowMs }));
      context.log(`  ${jobs} jobs done`);
    }
    const raw = await rawRetrieveCpuMs(context.quick ? 500 : 3_000);
    const smallest = figures[0];
    const largest = figures.at(-1);
    if (smallest === undefined || largest === undefined) throw new Error('no measurement');
    const note = (f: BackgroundJobsFigures): string =>
      `${f.jobs.toLocaleString('en-US')} jobs: ${Math.round(f.pollsPerSecond).toLocaleString('en-US')} polls/s, server ${f.serverCpuMsPerPoll?.toFixed(3) ?? '?'} ms/poll, setup ${(f.setupMs / 1000).toFixed(1)} s`;
    return {
      figures: [
        figure({
          key: 'jobs_10k_poll_ms_per_job',
          value: largest.clientCpuMsPerPoll,
          unit: 'ms CPU/poll',
          what: `worker CPU per poll with ${largest.jobs.toLocaleString('en-US')} jobs in flight`,
          baseline: {
            label: `the same with ${smallest.jobs} jobs`,
            value: smallest.clientCpuMsPerPoll,
            unit: 'ms CPU/poll',
          },
          ratioMeaning: `at ${largest.jobs.toLocaleString('en-US')} ÷ at ${smallest.jobs} (1 = flat)`,
          target: { kind: 'flat', flatRatio: 1.5 },
          note: figures.map(note).join('; '),
        }),
        figure({
          key: 'jobs_poll_vs_raw_retrieve',
          value: largest.clientCpuMsPerPoll,
          unit: 'ms CPU/poll',
          what: `worker CPU per poll with ${largest.jobs.toLocaleString('en-US')} jobs, against a bare SDK retrieve`,
          baseline: {
            label: 'raw SDK responses.retrieve, 64 in flight',
            value: raw,
            unit: 'ms CPU/call',
          },
          ratioMeaning: 'worker poll ÷ raw retrieve',
        }),
        figure({
          key: 'jobs_10k_polls_per_s',
          value: largest.pollsPerSecond,
          unit: 'polls/s',
          what: `polls per second the worker sustained with ${largest.jobs.toLocaleString('en-US')} jobs (each due every second)`,
          baseline: { label: 'polls due per second', value: largest.jobs, unit: 'polls/s' },
          ratioMeaning: 'sustained ÷ due',
        }),
      ],
      series: figures.flatMap((f) => [
        {
          chart: 'jobs-poll-cost',
          series: 'worker CPU per poll (ms)',
          x: f.jobs,
          y: f.clientCpuMsPerPoll,
        },
        ...(f.serverCpuMsPerPoll === undefined
          ? []
          : [
              {
                chart: 'jobs-poll-cost',
                series: 'server CPU per poll (ms)',
                x: f.jobs,
                y: f.serverCpuMsPerPoll,
              },
            ]),
      ]),
    };
  },
};
