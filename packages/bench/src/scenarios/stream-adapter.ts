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
import {
  createOpenAIResponsesClient,
  createWeft,
  makeMemoryStores,
  type ExecutionStrategy,
  type Weft,
} from '@weft/core';
import { streamStrategy } from '@weft/adapter-stream';
import { Effect, Stream } from 'effect';
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
  /** CPU time the server process has used so far, µs (undefined where /proc is missing). */
  cpuMicros(): number | undefined;
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
  return {
    baseURL: server.baseURL,
    eventsPerStream,
    cpuMicros: () => server.cpuMicros(),
    stop: () => server.stop(),
  };
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

/**
 * One streamed turn through the strategy alone, as `createWeft` would run it but without the
 * conversation machine and the consumer's queue: SDK, client Stream, mapping, accumulation and
 * batched persistence to a memory store. Counts the turn events the strategy emits.
 */
async function strategyStream(
  strategy: ExecutionStrategy,
  context: StrategyRig,
  n: number,
): Promise<number> {
  const { turns } = context;
  const conversationId = `conv_${n}`;
  const turnId = `turn_${n}`;
  const input = 'Tell me a long story.';
  let events = 0;
  await Effect.runPromise(
    Effect.gen(function* () {
      yield* turns.createConversation({ id: conversationId, createdAt: Date.now() });
      yield* turns.beginTurn({
        id: turnId,
        conversationId,
        parentId: null,
        request: { input: [{ role: 'user', content: input }], params: { model: 'gpt-5' } },
        contextStrategy: 'server',
        executionStrategy: 'stream',
        createdAt: Date.now(),
      });
      yield* strategy.run(
        { model: 'gpt-5', input },
        {
          turnId,
          conversationId,
          client: context.client,
          store: turns,
          jobs: undefined,
          now: Date.now,
          emit: () => void events++,
          timeoutMs: undefined,
        },
      );
    }),
  );
  return events;
}

/**
 * One streamed response read through Weft's client alone as the stream strategy reads it: the
 * tracked event iterable (`streamEvents`) in a plain `for await`, counted.
 */
async function clientEvents(client: StrategyRig['client']): Promise<number> {
  const open = client.streamEvents;
  if (open === undefined) throw new Error('the openai client offers streamEvents');
  let events = 0;
  await Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(open({ model: 'gpt-5', input: 'Tell me a long story.' }), (iterable) =>
        Effect.promise(async () => {
          for await (const _event of iterable) events++;
        }),
      ),
    ),
  );
  return events;
}

/** One streamed response read through Weft's client Stream API (replay, background adapter), counted. */
async function clientStream(client: StrategyRig['client']): Promise<number> {
  let events = 0;
  await Effect.runPromise(
    Stream.runForEachArray(
      client.stream({ model: 'gpt-5', input: 'Tell me a long story.' }),
      (chunk) =>
        Effect.sync(() => {
          events += chunk.length;
        }),
    ),
  );
  return events;
}

/** The client and store the strategy-alone runs share. */
interface StrategyRig {
  readonly client: ReturnType<typeof createOpenAIResponsesClient>;
  readonly turns: ReturnType<typeof makeMemoryStores>['turns'];
}

/**
 * How a side reads: the raw SDK, Weft's client (its event iterable, or its Stream API), the
 * strategy alone, or all of Weft.
 */
type Side = 'raw' | 'client' | 'clientStream' | 'strategy' | 'weft';

/** The five ways of reading the same recorded stream, against one replay server. */
function prepare(server: ReplayServer, streams: number) {
  const sdk = new OpenAI({ baseURL: server.baseURL, apiKey: 'local', maxRetries: 0 });
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    strategies: { stream: streamStrategy() },
    defaults: { model: 'gpt-5', execution: 'stream' },
  });
  const strategy = streamStrategy();
  let rig: StrategyRig = {
    client: createOpenAIResponsesClient({ baseURL: server.baseURL, apiKey: 'local' }),
    turns: makeMemoryStores().turns,
  };
  let turnNumber = 0;
  // Each side is reported as wire events (deltas become turn events, boundaries are absorbed), so
  // the rates compare like for like.
  const wire = (job: () => Promise<number>) => async () => {
    await pool(streams, CONCURRENCY, job);
    return streams * server.eventsPerStream;
  };
  const runs: Record<Side, PreparedRun> = {
    raw: { iteration: wire(() => rawStream(sdk)), teardown: async () => undefined },
    client: { iteration: wire(() => clientEvents(rig.client)), teardown: async () => undefined },
    clientStream: {
      iteration: wire(() => clientStream(rig.client)),
      teardown: async () => undefined,
    },
    weft: { iteration: wire(() => weftStream(weft)), teardown: () => weft.close() },
    strategy: {
      iteration: wire(() => {
        // A fresh store now and then, so the memory store's size stays that of a live process.
        if (turnNumber % 256 === 0) rig = { ...rig, turns: makeMemoryStores().turns };
        return strategyStream(strategy, rig, turnNumber++);
      }),
      teardown: async () => undefined,
    },
  };
  return runs;
}

/**
 * Runs `measure` and returns what it returns with the share of one core the server process used
 * meanwhile (undefined where /proc is missing): near 1, the server is what limits the rate.
 */
async function withServerLoad<T>(
  server: ReplayServer,
  measure: () => Promise<T>,
): Promise<{ readonly result: T; readonly serverLoad: number | undefined }> {
  const cpuBefore = server.cpuMicros();
  const wallBefore = performance.now();
  const result = await measure();
  const cpuAfter = server.cpuMicros();
  const wallMicros = (performance.now() - wallBefore) * 1000;
  const serverLoad =
    cpuBefore === undefined || cpuAfter === undefined || wallMicros <= 0
      ? undefined
      : (cpuAfter - cpuBefore) / wallMicros;
  return { result, serverLoad };
}

/**
 * `stream_events_per_s`, `stream_overhead_ratio`, `stream_strategy_events_per_s`,
 * `stream_client_events_per_s`, `stream_client_stream_api_events_per_s`: raw SDK, Weft, the strategy
 * alone and the client alone (its event iterable, its Stream API) alternated against one server,
 * two rounds each, so the overhead can be told apart layer by layer.
 */
export const streamAdapter: Scenario = {
  name: 'stream-adapter.events',
  description: `A recorded ${WORDS}-word stream from the local server (~${WORDS + 8} events) served byte for byte by one replay server in a child process, read ${CONCURRENCY} at a time by the raw openai SDK (baseline), through createWeft + streamStrategy (memory store, event log and partial output batched), through streamStrategy().run alone, and through Weft's client alone (its event iterable and its Stream API); two alternating rounds each (quick: one).`,
  async run(context) {
    const streams = context.quick ? CONCURRENCY : STREAMS_PER_ITERATION;
    const server = await startReplayServer();
    const runs = prepare(server, streams);
    const rawRates: number[] = [];
    const weftRates: number[] = [];
    const strategyRates: number[] = [];
    const clientRates: number[] = [];
    const clientStreamRates: number[] = [];
    const serverLoads: number[] = [];
    const options = { timeMs: context.timeMs, warmupMs: context.warmupMs };
    const measure = async (name: Side): Promise<number> => {
      const { result, serverLoad } = await withServerLoad(server, () =>
        measureRate(name, runs[name].iteration, options),
      );
      if (name === 'raw' && serverLoad !== undefined) serverLoads.push(serverLoad);
      return result.perSecond;
    };
    try {
      for (let round = 0; round < (context.quick ? 1 : 2); round++) {
        rawRates.push(await measure('raw'));
        weftRates.push(await measure('weft'));
        strategyRates.push(await measure('strategy'));
        clientRates.push(await measure('client'));
        clientStreamRates.push(await measure('clientStream'));
      }
    } finally {
      for (const run of Object.values(runs)) await run.teardown();
      await server.stop();
    }
    const rawRate = mean(rawRates);
    const weftRate = mean(weftRates);
    const strategyRate = mean(strategyRates);
    const clientRate = mean(clientRates);
    const clientStreamRate = mean(clientStreamRates);
    const load = serverLoads.length === 0 ? 'unknown' : mean(serverLoads).toFixed(2);
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
          note: `raw rounds: ${rawRates.map((r) => Math.round(r)).join(', ')}; replay server busy ${load} of a core while the raw SDK read`,
        }),
        figure({
          key: 'stream_strategy_events_per_s',
          value: strategyRate,
          unit: 'events/s',
          what: 'wire events per second through streamStrategy().run alone (SDK, client event iterable, mapping, accumulation, batched memory-store writes; no conversation machine, no consumer queue)',
          baseline,
          ratioMeaning: 'strategy ÷ raw SDK rate',
          note: `rounds: ${strategyRates.map((r) => Math.round(r)).join(', ')}`,
        }),
        figure({
          key: 'stream_client_events_per_s',
          value: clientRate,
          unit: 'events/s',
          what: "wire events per second through Weft's Responses client alone as the stream strategy reads it (streamEvents: the SDK's iterator with end-of-stream tracking, in a plain for await), no strategy",
          baseline,
          ratioMeaning: 'client ÷ raw SDK rate',
          note: `rounds: ${clientRates.map((r) => Math.round(r)).join(', ')}`,
        }),
        figure({
          key: 'stream_client_stream_api_events_per_s',
          value: clientStreamRate,
          unit: 'events/s',
          what: "wire events per second through Weft's client Stream API (client.stream as an Effect Stream, used by replay and the background adapter), no strategy",
          baseline,
          ratioMeaning: 'client Stream API ÷ raw SDK rate',
          note: `rounds: ${clientStreamRates.map((r) => Math.round(r)).join(', ')}`,
        }),
      ],
    };
  },
};
