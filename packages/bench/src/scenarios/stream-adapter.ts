/**
 * Events per second through `@weft/adapter-stream` versus iterating the raw `openai` SDK stream,
 * against the same server in the same run.
 *
 * The body comes from the local server (a 2,000-word streamed answer, recorded once in setup) and is
 * then served byte for byte by a bare HTTP server in its own process (`support/bare-server.ts`), so both sides measure
 * the client (SDK parsing, Weft's mapping, accumulation, batched persistence to the memory store,
 * the conversation machine) and not the scripted model.
 *
 * @module
 */
import { createWeft, type Weft } from '@weft/core';
import { streamStrategy } from '@weft/adapter-stream';
import OpenAI from 'openai';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import { measureRate } from '../support/measure-rate.js';
import { mean } from '../support/system.js';
import { recordResponse, startBareServer } from '../support/bare-server.js';
import { startServerProcess } from '../support/server-process.js';

const WORDS = 2000;
const STREAMS_PER_ITERATION = 8;
const CONCURRENCY = 4;

/** A recorded stream served by a bare server, and the events it holds. */
export interface ReplayServer {
  readonly baseURL: string;
  readonly eventsPerStream: number;
  stop(): Promise<void>;
}

/** Records one streamed answer from the local server, then serves it from a bare server. */
export async function startReplayServer(): Promise<ReplayServer> {
  const text = Array.from({ length: WORDS }, (_, i) => `word${i % 10}`).join(' ');
  const local = await startServerProcess({ rules: [{ reply: { text } }] });
  let body: string;
  try {
    body = await recordResponse(
      local.baseURL,
      JSON.stringify({ model: 'gpt-5', input: 'Tell me a long story.', stream: true }),
    );
  } finally {
    await local.stop();
  }
  const eventsPerStream = body.split('\n\n').filter((frame) => frame.includes('data:')).length;
  const server = await startBareServer(body, 'text/event-stream');
  return { baseURL: server.baseURL, eventsPerStream, stop: () => server.stop() };
}

/** Something to measure repeatedly, and what to release after. */
interface PreparedRun {
  iteration(): Promise<number>;
  teardown(): Promise<void>;
}

/** Runs `count` jobs, `concurrency` at a time, summing what they return. */
async function pool(
  count: number,
  concurrency: number,
  job: () => Promise<number>,
): Promise<number> {
  let started = 0;
  let total = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      const done = await job();
      total += done;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total;
}

/** One streamed response read with the raw SDK: counts every event. */
async function rawStream(sdk: OpenAI): Promise<number> {
  const stream = await sdk.responses.create({
    model: 'gpt-5',
    input: 'Tell me a long story.',
    stream: true,
  });
  let events = 0;
  for await (const _event of stream) events++;
  return events;
}

/** One streamed turn through Weft: counts every turn event the consumer receives. */
async function weftStream(weft: Weft): Promise<number> {
  const convo = await weft.conversation();
  const handle = convo.send('Tell me a long story.');
  let events = 0;
  for await (const event of handle.events()) if (event.type !== 'turn.started') events++;
  await handle.result;
  return events;
}

async function setupRaw(streams: number): Promise<PreparedRun> {
  const server = await startReplayServer();
  const sdk = new OpenAI({ baseURL: server.baseURL, apiKey: 'local', maxRetries: 0 });
  return {
    // Reported as wire events so both scenarios count the same unit.
    iteration: () => pool(streams, CONCURRENCY, () => rawStream(sdk)),
    teardown: () => server.stop(),
  };
}

async function setupWeft(streams: number): Promise<PreparedRun> {
  const server = await startReplayServer();
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    strategies: { stream: streamStrategy() },
    defaults: { model: 'gpt-5', execution: 'stream' },
  });
  return {
    // Each turn's wire events are what flowed through the adapter (deltas become turn events,
    // boundaries are absorbed); count the wire events so the rates compare like for like.
    iteration: async () => {
      await pool(streams, CONCURRENCY, () => weftStream(weft));
      return streams * server.eventsPerStream;
    },
    async teardown() {
      await weft.close();
      await server.stop();
    },
  };
}

/** `stream_events_per_s`, `stream_overhead_ratio`: raw SDK and Weft alternated, two rounds each. */
export const streamAdapter: Scenario = {
  name: 'stream-adapter.events',
  description: `A recorded ${WORDS}-word stream from the local server (~${WORDS + 8} events) served byte for byte by a replay server in a child process, read ${CONCURRENCY} at a time by the raw openai SDK (baseline) and through createWeft + streamStrategy (memory store, event log and partial output batched); two alternating rounds each (quick: one).`,
  async run(context) {
    const streams = context.quick ? CONCURRENCY : STREAMS_PER_ITERATION;
    const raw = await setupRaw(streams);
    const weft = await setupWeft(streams);
    const rawRates: number[] = [];
    const weftRates: number[] = [];
    const options = { timeMs: context.timeMs, warmupMs: context.warmupMs };
    try {
      for (let round = 0; round < (context.quick ? 1 : 2); round++) {
        rawRates.push((await measureRate('raw', raw.iteration, options)).perSecond);
        weftRates.push((await measureRate('weft', weft.iteration, options)).perSecond);
      }
    } finally {
      await raw.teardown();
      await weft.teardown();
    }
    const rawRate = mean(rawRates);
    const weftRate = mean(weftRates);
    const baseline = {
      label: 'raw openai SDK iterating the same stream',
      value: rawRate,
      unit: 'events/s',
    };
    return {
      figures: [
        figure({
          key: 'stream_events_per_s',
          value: weftRate,
          unit: 'events/s',
          what: 'wire events per second consumed through the stream adapter (Weft turn events delivered)',
          baseline,
          ratioMeaning: 'Weft ÷ raw SDK rate',
          target: { kind: 'min', value: 250_000 },
          note: `rounds: ${weftRates.map((r) => Math.round(r)).join(', ')}`,
        }),
        figure({
          key: 'stream_overhead_ratio',
          value: rawRate / weftRate,
          unit: '×',
          what: 'time per event through Weft ÷ through the raw SDK',
          baseline,
          ratio: rawRate / weftRate,
          ratioMeaning: 'raw rate ÷ Weft rate',
          target: { kind: 'max', value: 1.1 },
          note: `raw rounds: ${rawRates.map((r) => Math.round(r)).join(', ')}`,
        }),
      ],
    };
  },
};
