/**
 * Framework overhead per turn: the same conversation through Weft (machine, context assembly,
 * store-sqlite) and through the raw `openai` SDK making the same calls, against one local server in
 * its own process, interleaved round by round so both see the same machine state.
 */
import { figure } from '../figures.js';
import type { Figure, RunContext, Scenario, ScenarioOutcome, SeriesPoint } from '../scenario.js';
import {
  rawClient,
  rawConversation,
  rawStreamConversation,
  startConversationServer,
} from '../support/conversation-fixture.js';
import { mean, median, tempDir } from '../support/system.js';
import {
  openWeft,
  weftConversation,
  type StoreKind,
  type WeftUnderTest,
} from '../support/weft-fixture.js';

const kinds: readonly StoreKind[] = ['sqlite-full', 'sqlite-normal', 'memory'];

/** Per-turn times of each side, one array per round. */
type Times = Record<'raw' | StoreKind, number[][]>;

async function collect(
  context: RunContext,
  stream: boolean,
  turns: number,
  rounds: number,
): Promise<Times> {
  const server = await startConversationServer();
  const dir = tempDir('overhead');
  const sdk = rawClient(server.baseURL);
  const wefts = new Map<StoreKind, WeftUnderTest>();
  const times: Times = { raw: [], 'sqlite-full': [], 'sqlite-normal': [], memory: [] };
  try {
    for (const store of kinds) {
      wefts.set(
        store,
        openWeft({
          baseURL: server.baseURL,
          store,
          dir: dir.path,
          execution: stream ? 'stream' : 'blocking',
        }),
      );
    }
    const raw = (n: number) => (stream ? rawStreamConversation(sdk, n) : rawConversation(sdk, n));
    // Warm-up: JIT, connections, the first statements of each store.
    await raw(10);
    for (const w of wefts.values()) await weftConversation(w.weft, 10, stream);
    for (let r = 0; r < rounds; r++) {
      times.raw.push(await raw(turns));
      for (const [store, w] of wefts)
        times[store].push(await weftConversation(w.weft, turns, stream));
      context.log(`  round ${r + 1}/${rounds}`);
    }
  } finally {
    for (const w of wefts.values()) await w.close();
    await server.stop();
    dir.remove();
  }
  return times;
}

/** Mean ms per turn over the turns whose index is in [from, to). */
const window = (rounds: number[][], from: number, to: number): number =>
  mean(rounds.flatMap((times) => times.slice(from, to)));

function report(times: Times, stream: boolean, turns: number, rounds: number): ScenarioOutcome {
  const prefix = stream ? 'stream_turn_overhead' : 'turn_overhead';
  const label = stream ? 'streaming' : 'blocking';
  const raw = window(times.raw, 0, turns);
  const rawMedian = median(times.raw.flat());
  const baseline = {
    label: `raw openai SDK${stream ? ' (stream: true, every event iterated)' : ''}, same calls`,
    value: raw,
    unit: 'ms/turn',
  };
  const quarter = Math.max(1, Math.floor(turns / 4));
  const figures: Figure[] = [];
  const series: SeriesPoint[] = [];
  for (const store of kinds) {
    const weft = window(times[store], 0, turns);
    const first = window(times[store], 0, quarter) - window(times.raw, 0, quarter);
    const last =
      window(times[store], turns - quarter, turns) - window(times.raw, turns - quarter, turns);
    const suffix =
      store === 'sqlite-full' ? '' : store === 'sqlite-normal' ? '_normal' : '_memory_store';
    const storeLabel =
      store === 'sqlite-full'
        ? 'store-sqlite, synchronous=FULL (default)'
        : store === 'sqlite-normal'
          ? 'store-sqlite, synchronous=NORMAL'
          : 'memory store';
    const isHeadline = store === 'sqlite-full';
    figures.push(
      figure({
        key: `${prefix}_ms${suffix}`,
        value: weft - raw,
        unit: 'ms/turn',
        what: `Weft ${label} turn (${storeLabel}) minus the raw SDK, mean over ${rounds}×${turns} turns`,
        baseline,
        ratio: weft / raw,
        ratioMeaning: 'Weft ÷ raw SDK time per turn',
        ...(isHeadline ? { target: { kind: 'max', value: stream ? 0.3 : 0.25 } } : {}),
        note: `median ${(median(times[store].flat()) - rawMedian).toFixed(3)} ms; first ${quarter} turns ${first.toFixed(3)} ms, last ${quarter} ${last.toFixed(3)} ms`,
      }),
    );
    const buckets = Math.min(10, turns);
    for (let b = 0; b < buckets; b++) {
      const from = Math.floor((b * turns) / buckets);
      const to = Math.floor(((b + 1) * turns) / buckets);
      series.push({
        chart: prefix.replaceAll('_', '-'),
        series: storeLabel,
        x: to,
        y: window(times[store], from, to) - window(times.raw, from, to),
      });
    }
  }
  return { figures, series };
}

function scenario(stream: boolean): Scenario {
  return {
    name: stream ? 'turn-overhead.stream' : 'turn-overhead.blocking',
    description: `Weft ${stream ? 'streaming (adapter-stream)' : 'blocking'} turns persisted in store-sqlite (FULL, NORMAL) and in memory, minus the raw openai SDK making the same previous_response_id-chained calls; conversations of 200 turns of ~1.2 KB, interleaved, local server in a child process.`,
    async run(context) {
      const turns = context.quick ? 20 : 200;
      const rounds = context.quick ? 1 : 3;
      return report(await collect(context, stream, turns, rounds), stream, turns, rounds);
    },
  };
}

/** `turn_overhead_ms`: blocking turns. */
export const turnOverhead = scenario(false);
/** `stream_turn_overhead_ms`: streaming turns. */
export const streamTurnOverhead = scenario(true);
