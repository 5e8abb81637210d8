/**
 * Storage cost, ported from store-sqlite's measurement fixture: ms per turn appended at 200 and at
 * 10,000 turns, bytes for 200 turns of ~1.2 KB, and the rebuild of a 10,000-turn chain — each beside
 * the same rows written and read bare with `node:sqlite` at the same `synchronous` setting.
 */
import { join } from 'node:path';
import type { Turn } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { figure } from '../figures.js';
import type { Figure, Scenario, SeriesPoint } from '../scenario.js';
import { appendMany, BareTurnTable, turnJsonBytes } from '../support/store-appends.js';
import { databaseBytes, median, tempDir } from '../support/system.js';

const conversationId = 'conv_bench';

function timeRead(read: () => number, expected: number, runs: number): number {
  read();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const n = read();
    times.push(performance.now() - t);
    if (n !== expected) throw new Error(`read ${n} turns, expected ${expected}`);
  }
  return median(times);
}

/** store_ms_per_turn_200 (+ _normal), store_bytes_200_turns for a fresh file. */
function small(
  dir: string,
  synchronous: 'FULL' | 'NORMAL',
): { msPerTurn: number; bareMsPerTurn: number; bytes: number } {
  const path = join(dir, `small-${synchronous}.db`);
  const store = openSqliteStore({ path, synchronous });
  Effect.runSync(store.turns.createConversation({ id: conversationId, createdAt: 0 }));
  appendMany(store, conversationId, 0, 10, null); // warm-up (statements prepared, JIT)
  const bare = new BareTurnTable(join(dir, `bare-${synchronous}.db`), synchronous);
  bare.appendMany(0, 10);
  const weft = appendMany(store, 'conv_bench', 10, 200, null);
  const bareMsPerTurn = bare.appendMany(10, 200);
  bare.close();
  store.close();
  return { msPerTurn: weft.msPerTurn, bareMsPerTurn, bytes: databaseBytes(path) };
}

/** `store_ms_per_turn_*`, `store_bytes_200_turns`, `chain_rebuild_10k_ms`. */
export const storeGrowth: Scenario = {
  name: 'store.growth',
  description:
    'store-sqlite appends (beginTurn + finishTurn, ~1.2 KB per turn) at 200 and 10,000 turns and chain rebuild (readChain) up to 10,000 turns; baseline: the same JSON rows inserted and read back bare with node:sqlite at the same synchronous setting.',
  async run(context) {
    const total = context.quick ? 1_000 : 10_000;
    const bucket = context.quick ? 100 : 500;
    const checkpoints = context.quick ? [250, 500, 1000] : [1000, 2500, 5000, 7500, 10_000];
    const dir = tempDir('store');
    const series: SeriesPoint[] = [];
    try {
      const full = small(dir.path, 'FULL');
      const normal = small(dir.path, 'NORMAL');
      context.log('  200-turn files done');
      const path = join(dir.path, 'large.db');
      let store = openSqliteStore({ path, synchronous: 'NORMAL' });
      Effect.runSync(store.turns.createConversation({ id: conversationId, createdAt: 0 }));
      let head: Turn | null = null;
      let lastBucketMs = Number.NaN;
      const rebuild = new Map<number, number>();
      for (let n = 0; n < total; n += bucket) {
        const step = appendMany(store, conversationId, n, bucket, head);
        head = step.head;
        lastBucketMs = step.msPerTurn;
        series.push({
          chart: 'store-ms-per-turn',
          series: 'store-sqlite, synchronous=NORMAL',
          x: n + bucket,
          y: step.msPerTurn,
        });
        if (checkpoints.includes(n + bucket)) {
          const headId = head?.id ?? '';
          const ms = timeRead(
            () => Effect.runSync(store.turns.readChain(headId)).length,
            n + bucket,
            context.quick ? 3 : 7,
          );
          rebuild.set(n + bucket, ms);
          series.push({
            chart: 'chain-rebuild-ms',
            series: 'readChain (store-sqlite)',
            x: n + bucket,
            y: ms,
          });
        }
      }
      context.log(`  ${total} turns appended`);
      store.close();
      store = openSqliteStore({ path, synchronous: 'FULL' });
      const fullTail = appendMany(store, conversationId, total, 200, head);
      store.close();
      series.push({
        chart: 'store-ms-per-turn',
        series: 'store-sqlite, synchronous=FULL',
        x: 200,
        y: full.msPerTurn,
      });
      series.push({
        chart: 'store-ms-per-turn',
        series: 'store-sqlite, synchronous=FULL',
        x: total + 200,
        y: fullTail.msPerTurn,
      });
      // Baseline chain read: the same number of rows read and decoded from the bare table.
      const bare = new BareTurnTable(join(dir.path, 'bare-large.db'), 'NORMAL');
      let seeded = 0;
      const bareRead = new Map<number, number>();
      for (const size of checkpoints) {
        bare.seed(seeded, size - seeded);
        seeded = size;
        const ms = timeRead(() => bare.readAll(), size, context.quick ? 3 : 7);
        bareRead.set(size, ms);
        series.push({
          chart: 'chain-rebuild-ms',
          series: 'bare SELECT + JSON.parse (node:sqlite)',
          x: size,
          y: ms,
        });
      }
      bare.close();
      const rebuildTotal = rebuild.get(total) ?? Number.NaN;
      const sizeNote = context.quick
        ? `quick: ${total.toLocaleString('en-US')} turns, not 10,000`
        : undefined;
      const figures: Figure[] = [
        figure({
          key: 'store_ms_per_turn_200',
          value: full.msPerTurn,
          unit: 'ms/turn',
          what: 'store-sqlite append, synchronous=FULL (default), turns 1–200 of a fresh file',
          baseline: {
            label: 'bare node:sqlite insert of the same JSON, FULL',
            value: full.bareMsPerTurn,
            unit: 'ms/turn',
          },
          target: { kind: 'max', value: 0.1 },
        }),
        figure({
          key: 'store_ms_per_turn_200_normal',
          value: normal.msPerTurn,
          unit: 'ms/turn',
          what: 'store-sqlite append, synchronous=NORMAL, turns 1–200 of a fresh file',
          baseline: {
            label: 'bare node:sqlite insert of the same JSON, NORMAL',
            value: normal.bareMsPerTurn,
            unit: 'ms/turn',
          },
          target: { kind: 'max', value: 0.1 },
        }),
        figure({
          key: 'store_ms_per_turn_10k',
          value: fullTail.msPerTurn,
          unit: 'ms/turn',
          what: `store-sqlite append, synchronous=FULL, turns ${total.toLocaleString('en-US')}–${(total + 200).toLocaleString('en-US')}`,
          baseline: {
            label: 'store_ms_per_turn_200 (FULL)',
            value: full.msPerTurn,
            unit: 'ms/turn',
          },
          ratioMeaning: 'at 10k ÷ at 200 (1 = flat)',
          target: { kind: 'max-flat', value: 0.1, flatRatio: 1.5 },
          note: sizeNote,
        }),
        figure({
          key: 'store_ms_per_turn_10k_normal',
          value: lastBucketMs,
          unit: 'ms/turn',
          what: `store-sqlite append, synchronous=NORMAL, the last ${bucket} turns up to ${total.toLocaleString('en-US')}`,
          baseline: {
            label: 'store_ms_per_turn_200_normal',
            value: normal.msPerTurn,
            unit: 'ms/turn',
          },
          ratioMeaning: 'at 10k ÷ at 200 (1 = flat)',
          target: { kind: 'max-flat', value: 0.1, flatRatio: 1.5 },
          note: sizeNote,
        }),
        figure({
          key: 'store_bytes_200_turns',
          value: full.bytes,
          unit: 'bytes',
          what: 'store-sqlite file after 200 appended turns (no snapshots or event logs), after close',
          baseline: {
            label: 'JSON of the 200 turns (input, output, usage)',
            value: 200 * turnJsonBytes(),
            unit: 'bytes',
          },
          ratioMeaning: 'on disk ÷ JSON',
          target: { kind: 'max', value: 1_048_576 },
        }),
        figure({
          key: 'chain_rebuild_10k_ms',
          value: rebuildTotal,
          unit: 'ms',
          what: `readChain (root → head, rows decoded) of a ${total.toLocaleString('en-US')}-turn chain, median`,
          baseline: {
            label: 'bare SELECT of as many rows + JSON.parse (node:sqlite)',
            value: bareRead.get(total) ?? Number.NaN,
            unit: 'ms',
          },
          target: { kind: 'max', value: 20 },
          note: sizeNote,
        }),
      ];
      return { figures, series };
    } finally {
      dir.remove();
    }
  },
};
