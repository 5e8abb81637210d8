/**
 * Events per second through `@weft/adapter-stream` versus iterating the raw `openai` SDK stream,
 * against the same server in the same run.
 *
 * The body comes from the local server (a 2,000-word streamed answer, recorded once in setup) and is
 * then served byte for byte from a minimal HTTP server in its own process, so both sides measure
 * the client (SDK parsing, Weft's mapping, accumulation, batched persistence to the memory store,
 * the conversation machine) and not the scripted model.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft, type Weft } from '@weft/core';
import { streamStrategy } from '@weft/adapter-stream';
import OpenAI from 'openai';
import type { Scenario, ScenarioRun } from '../scenario.js';
import { startServerProcess } from '../support/server-process.js';

const WORDS = 2000;
const STREAMS_PER_ITERATION = 8;
const CONCURRENCY = 4;

/** Serves one file as an SSE body to every request; prints its base URL. */
const replayServerSource = `
const { createServer } = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('baseURL http://127.0.0.1:' + server.address().port + '/v1'));
`;

export interface ReplayServer {
  readonly baseURL: string;
  readonly eventsPerStream: number;
  stop(): Promise<void>;
}

/** Records one streamed answer from the local server, then serves it from a child process. */
export async function startReplayServer(): Promise<ReplayServer> {
  const text = Array.from({ length: WORDS }, (_, i) => `word${i % 10}`).join(' ');
  const local = await startServerProcess({ rules: [{ reply: { text } }] });
  let body: string;
  try {
    const res = await fetch(`${local.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', input: 'Tell me a long story.', stream: true }),
    });
    body = await res.text();
  } finally {
    await local.stop();
  }
  const eventsPerStream = body.split('\n\n').filter((frame) => frame.includes('data:')).length;
  const dir = await mkdtemp(join(tmpdir(), 'weft-bench-stream-'));
  const file = join(dir, 'stream.sse');
  await writeFile(file, body);
  const child: ChildProcess = spawn(process.execPath, ['-e', replayServerSource, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /baseURL (\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`replay server exited with ${String(code)}`)));
  });
  return {
    baseURL,
    eventsPerStream,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Runs `count` jobs, `concurrency` at a time, summing what they return. */
async function pool(count: number, concurrency: number, job: () => Promise<number>): Promise<number> {
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
  const stream = await sdk.responses.create({ model: 'gpt-5', input: 'Tell me a long story.', stream: true });
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

async function setupRaw(): Promise<ScenarioRun> {
  const server = await startReplayServer();
  const sdk = new OpenAI({ baseURL: server.baseURL, apiKey: 'local', maxRetries: 0 });
  return {
    // Reported as wire events so both scenarios count the same unit.
    iteration: () => pool(STREAMS_PER_ITERATION, CONCURRENCY, () => rawStream(sdk)),
    teardown: () => server.stop(),
  };
}

async function setupWeft(): Promise<ScenarioRun> {
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
      await pool(STREAMS_PER_ITERATION, CONCURRENCY, () => weftStream(weft));
      return STREAMS_PER_ITERATION * server.eventsPerStream;
    },
    async teardown() {
      await weft.close();
      await server.stop();
    },
  };
}

/** The raw SDK reading the recorded stream: the baseline of {@link streamAdapter}. */
export const streamAdapterRawSdk: Scenario = {
  name: 'stream-adapter.raw-sdk',
  description: `Raw openai SDK iterating a recorded ${WORDS}-word stream (~${WORDS + 8} events), ${CONCURRENCY} concurrent, replay server in a child process.`,
  unit: 'events/s',
  target: 250_000,
  setup: setupRaw,
};

/** The same recorded stream through createWeft + streamStrategy (memory store, events persisted). */
export const streamAdapter: Scenario = {
  name: 'stream-adapter.weft',
  description: `The same stream through createWeft + streamStrategy (memory store, event log and partial output batched), ${CONCURRENCY} concurrent; compare with stream-adapter.raw-sdk (≤ 10 % slower).`,
  unit: 'events/s',
  target: 250_000,
  setup: setupWeft,
};
