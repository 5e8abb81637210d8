/**
 * The same 200-turn conversation through LangGraph.js (a `StateGraph` with a messages channel and a
 * node calling `client.responses.create`, checkpointed by `SqliteSaver` on a temp file) and through
 * Weft + store-sqlite on a temp file, with the raw SDK making the same calls as the baseline. Both
 * frameworks chain turns with `previous_response_id`, so the wire traffic is the same.
 */
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type OpenAI from 'openai';
import { join } from 'node:path';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import {
  model,
  rawClient,
  rawConversation,
  startConversationServer,
  userText,
} from '../support/conversation-fixture.js';
import { databaseBytes, mean, tempDir } from '../support/system.js';
import { openWeft, weftConversation, type StoreKind } from '../support/weft-fixture.js';

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  lastResponseId: Annotation<string | undefined>(),
});

type Synchronous = 'FULL' | 'NORMAL';

/** One LangGraph conversation of `turns` turns on a fresh SqliteSaver file; each turn's ms and the file's bytes. */
async function langGraphConversation(
  sdk: OpenAI,
  path: string,
  synchronous: Synchronous,
  turns: number,
): Promise<{ times: number[]; bytes: number }> {
  const saver = SqliteSaver.fromConnString(path);
  // WAL is what SqliteSaver sets itself; synchronous is set to match the Weft side.
  saver.db.pragma('journal_mode = WAL');
  saver.db.pragma(`synchronous = ${synchronous}`);
  const app = new StateGraph(State)
    .addNode('model', async (state) => {
      const last = state.messages.at(-1);
      const response = await sdk.responses.create({
        model,
        input: typeof last?.content === 'string' ? last.content : '',
        ...(state.lastResponseId !== undefined
          ? { previous_response_id: state.lastResponseId }
          : {}),
      });
      return { messages: [new AIMessage(response.output_text)], lastResponseId: response.id };
    })
    .addEdge(START, 'model')
    .addEdge('model', END)
    .compile({ checkpointer: saver });
  const config = { configurable: { thread_id: 'bench' } };
  const times: number[] = [];
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    await app.invoke({ messages: [new HumanMessage(userText(i))] }, config);
    times.push(performance.now() - t);
  }
  saver.db.close();
  return { times, bytes: databaseBytes(path) };
}

/** One Weft conversation on a fresh store file; each turn's ms and the file's bytes after close. */
async function weftRun(
  baseURL: string,
  dir: string,
  store: StoreKind,
  turns: number,
): Promise<{ times: number[]; bytes: number }> {
  const w = openWeft({ baseURL, store, dir });
  let times: number[];
  try {
    times = await weftConversation(w.weft, turns);
  } finally {
    await w.close();
  }
  return { times, bytes: w.path === undefined ? 0 : databaseBytes(w.path) };
}

/** `langgraph_turn_ms`, `weft_turn_ms`, `bytes_200_turns`, `langgraph_bytes_200_turns`. */
export const langGraphComparison: Scenario = {
  name: 'peers.langgraph',
  description:
    'One 200-turn conversation (~1.2 KB per turn, previous_response_id chaining) through LangGraph.js + SqliteSaver and through Weft + store-sqlite, each on a fresh temp file, at synchronous=FULL and NORMAL; the raw SDK making the same calls is the baseline. Local server in a child process.',
  async run(context) {
    const turns = context.quick ? 20 : 200;
    const server = await startConversationServer();
    const dir = tempDir('langgraph');
    const sdk = rawClient(server.baseURL);
    try {
      // Warm-up of every side (JIT, modules, connections).
      await rawConversation(sdk, 5);
      await weftRun(server.baseURL, dir.path, 'sqlite-full', 5);
      await langGraphConversation(sdk, join(dir.path, 'warm.db'), 'NORMAL', 5);
      const raw = mean(await rawConversation(sdk, turns));
      context.log('  raw done');
      const weftFull = await weftRun(server.baseURL, dir.path, 'sqlite-full', turns);
      const weftNormal = await weftRun(server.baseURL, dir.path, 'sqlite-normal', turns);
      context.log('  weft done');
      const lgFull = await langGraphConversation(sdk, join(dir.path, 'lg-full.db'), 'FULL', turns);
      const lgNormal = await langGraphConversation(
        sdk,
        join(dir.path, 'lg-normal.db'),
        'NORMAL',
        turns,
      );
      context.log('  langgraph done');
      const rawBaseline = { label: 'raw openai SDK, same calls', value: raw, unit: 'ms/turn' };
      const weftFullMs = mean(weftFull.times);
      const weftNormalMs = mean(weftNormal.times);
      const size = `${turns} turns`;
      return {
        figures: [
          figure({
            key: 'weft_turn_ms',
            value: weftFullMs,
            unit: 'ms/turn',
            what: `Weft + store-sqlite (synchronous=FULL, default), ${size}`,
            baseline: rawBaseline,
            ratioMeaning: 'Weft ÷ raw SDK',
          }),
          figure({
            key: 'weft_turn_ms_normal',
            value: weftNormalMs,
            unit: 'ms/turn',
            what: `Weft + store-sqlite (synchronous=NORMAL), ${size}`,
            baseline: rawBaseline,
            ratioMeaning: 'Weft ÷ raw SDK',
          }),
          figure({
            key: 'langgraph_turn_ms',
            value: mean(lgFull.times),
            unit: 'ms/turn',
            what: `LangGraph.js + SqliteSaver (WAL, synchronous=FULL), ${size}`,
            baseline: { label: 'weft_turn_ms (FULL)', value: weftFullMs, unit: 'ms/turn' },
            ratioMeaning: 'LangGraph ÷ Weft (how many times faster Weft is)',
            target: { kind: 'ratio-min', value: 20 },
            note: `last 20 turns ${mean(lgFull.times.slice(-20)).toFixed(2)} ms/turn`,
          }),
          figure({
            key: 'langgraph_turn_ms_normal',
            value: mean(lgNormal.times),
            unit: 'ms/turn',
            what: `LangGraph.js + SqliteSaver (WAL, synchronous=NORMAL), ${size}`,
            baseline: { label: 'weft_turn_ms_normal', value: weftNormalMs, unit: 'ms/turn' },
            ratioMeaning: 'LangGraph ÷ Weft (how many times faster Weft is)',
            target: { kind: 'ratio-min', value: 20 },
            note: `last 20 turns ${mean(lgNormal.times.slice(-20)).toFixed(2)} ms/turn`,
          }),
          // The total-time ratio is bounded by the model call both make (the raw SDK's time);
          // what a framework adds is its time minus that. Reported beside it, labelled as such.
          overheadRatio('langgraph_overhead_ratio', 'FULL', mean(lgFull.times), weftFullMs, raw),
          overheadRatio(
            'langgraph_overhead_ratio_normal',
            'NORMAL',
            mean(lgNormal.times),
            weftNormalMs,
            raw,
          ),
          figure({
            key: 'bytes_200_turns',
            value: weftFull.bytes,
            unit: 'bytes',
            what: `Weft's database after ${size} (turns, event logs, machine snapshots, full-text index), after close`,
            baseline: {
              label: 'text exchanged (user + assistant characters)',
              value: turns * 1000,
              unit: 'bytes',
            },
            ratioMeaning: 'bytes on disk ÷ text bytes',
            target: { kind: 'max', value: 1_048_576 },
          }),
          figure({
            key: 'langgraph_bytes_200_turns',
            value: lgFull.bytes,
            unit: 'bytes',
            what: `LangGraph SqliteSaver database after ${size}, after close`,
            baseline: { label: 'bytes_200_turns (Weft)', value: weftFull.bytes, unit: 'bytes' },
            ratioMeaning: 'LangGraph ÷ Weft',
            target: { kind: 'max', value: 1_048_576 },
          }),
        ],
        series: [
          ...[weftFull, weftNormal, lgFull, lgNormal].flatMap((run, i) =>
            bucketed(run.times, 10).map(({ x, y }) => ({
              chart: 'peers-turn-ms',
              series: ['Weft FULL', 'Weft NORMAL', 'LangGraph FULL', 'LangGraph NORMAL'][i] ?? '?',
              x,
              y,
            })),
          ),
        ],
      };
    } finally {
      await server.stop();
      dir.remove();
    }
  },
};

/**
 * Framework overhead, LangGraph against Weft: (LangGraph − raw SDK) ÷ (Weft − raw SDK), each a
 * mean ms per turn of the same conversation at the same `synchronous` setting.
 */
function overheadRatio(
  key: string,
  synchronous: 'FULL' | 'NORMAL',
  langGraphMs: number,
  weftMs: number,
  rawMs: number,
) {
  const weftOverhead = weftMs - rawMs;
  const langGraphOverhead = langGraphMs - rawMs;
  return figure({
    key,
    value: langGraphOverhead,
    unit: 'ms/turn',
    what: `LangGraph's time per turn beyond the raw SDK's (synchronous=${synchronous}): framework overhead, not total time`,
    baseline: {
      label: `Weft's time per turn beyond the raw SDK's (synchronous=${synchronous})`,
      value: weftOverhead,
      unit: 'ms/turn',
    },
    ratioMeaning: 'framework overhead: (LangGraph − raw) ÷ (Weft − raw)',
    target: { kind: 'ratio-min', value: 20 },
    note:
      weftOverhead <= 0
        ? 'Weft measured no slower than the raw SDK in this run: the ratio is not meaningful'
        : `raw SDK ${rawMs.toFixed(2)} ms/turn, Weft ${weftMs.toFixed(2)}, LangGraph ${langGraphMs.toFixed(2)}`,
  });
}

/** Mean of each of `buckets` consecutive slices, at the slice's last turn number. */
export function bucketed(times: readonly number[], buckets: number): { x: number; y: number }[] {
  const n = Math.min(buckets, times.length);
  return Array.from({ length: n }, (_, b) => {
    const from = Math.floor((b * times.length) / n);
    const to = Math.floor(((b + 1) * times.length) / n);
    return { x: to, y: mean(times.slice(from, to)) };
  });
}
