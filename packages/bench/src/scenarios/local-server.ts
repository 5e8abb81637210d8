/**
 * The local server's own speed: blocking requests per second and SSE events per second, each beside
 * a bare `node:http` server in its own process sending the same recorded bytes (the cheapest server
 * that could answer). Load comes from a raw-socket pipelined client in the bench process.
 */
import { figure } from '../figures.js';
import type { RunContext, Scenario } from '../scenario.js';
import { recordResponse, startBareServer } from '../support/bare-server.js';
import { countFrames, createLoadClient } from '../support/http-load.js';
import { measureRate, type Rate } from '../support/measure-rate.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Load {
  readonly requestBody: string;
  readonly perIteration: number;
  readonly concurrency: number;
  readonly measure: (body: Buffer) => number;
}

/** The rate `server` sustains under `load`, and its CPU per unit (µs, undefined without /proc). */
async function rateOf(
  server: ServerProcess,
  load: Load,
  context: RunContext,
): Promise<{ rate: Rate; cpuMicrosPerUnit: number | undefined }> {
  const client = createLoadClient(server.baseURL, load.concurrency);
  try {
    let units = 0;
    const cpu0 = server.cpuMicros();
    const rate = await measureRate(
      'load',
      async () => {
        const done = await client.post(
          '/responses',
          load.requestBody,
          load.perIteration,
          load.measure,
        );
        units += done;
        return done;
      },
      { timeMs: context.timeMs, warmupMs: context.warmupMs },
    );
    const cpu1 = server.cpuMicros();
    return {
      rate,
      cpuMicrosPerUnit:
        cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / units,
    };
  } finally {
    client.close();
  }
}

async function compare(reply: string, load: Load, contentType: string, context: RunContext) {
  const local = await startServerProcess({ rules: [{ reply: { text: reply } }] });
  try {
    const body = await recordResponse(local.baseURL, load.requestBody);
    const bare = await startBareServer(body, contentType);
    try {
      const weft = await rateOf(local, load, context);
      const baseline = await rateOf(bare, load, context);
      return { weft, baseline };
    } finally {
      await bare.stop();
    }
  } finally {
    await local.stop();
  }
}

const cpuNote = (cpu: number | undefined, unit: string): string =>
  cpu === undefined
    ? ''
    : `server CPU ${cpu.toFixed(1)} µs/${unit} (≈ ${Math.round(1e6 / cpu).toLocaleString('en-US')} ${unit}/s per core)`;

/** `local_server_req_per_s`, `local_server_events_per_s`. */
export const localServer: Scenario = {
  name: 'local-server.rates',
  description:
    'weft-local-server in a child process: blocking POST /v1/responses (small payload, 32 keep-alive connections, 4 pipelined each) and streaming POST (200-word answer, ~208 events, 16 connections); baseline: a bare node:http child process sending the same recorded bytes.',
  async run(context) {
    const blocking = await compare(
      'The answer is 4.',
      {
        requestBody: JSON.stringify({ model: 'gpt-5', input: 'What is 2+2?' }),
        perIteration: 500,
        concurrency: 32,
        measure: () => 1,
      },
      'application/json',
      context,
    );
    context.log('  blocking done');
    const words = Array.from({ length: 200 }, (_, i) => `word${i % 10}`).join(' ');
    const sse = await compare(
      words,
      {
        requestBody: JSON.stringify({ model: 'gpt-5', input: 'Tell me a story.', stream: true }),
        perIteration: 100,
        concurrency: 16,
        measure: countFrames,
      },
      'text/event-stream',
      context,
    );
    return {
      figures: [
        figure({
          key: 'local_server_req_per_s',
          value: blocking.weft.rate.perSecond,
          unit: 'req/s',
          what: 'blocking POST /v1/responses answered by the local server (observed by the load client)',
          baseline: {
            label: 'bare node:http server, same bytes',
            value: blocking.baseline.rate.perSecond,
            unit: 'req/s',
          },
          ratioMeaning: 'local server ÷ bare server',
          target: { kind: 'min', value: 5_000 },
          note: cpuNote(blocking.weft.cpuMicrosPerUnit, 'req'),
        }),
        figure({
          key: 'local_server_events_per_s',
          value: sse.weft.rate.perSecond,
          unit: 'events/s',
          what: 'SSE events per second streamed by the local server (observed by the load client)',
          baseline: {
            label: 'bare node:http server, same bytes',
            value: sse.baseline.rate.perSecond,
            unit: 'events/s',
          },
          ratioMeaning: 'local server ÷ bare server',
          target: { kind: 'min', value: 300_000 },
          note: cpuNote(sse.weft.cpuMicrosPerUnit, 'event'),
        }),
      ],
    };
  },
};
