/**
 * 10,000 stored conversations restored as live machines with `weft.open(id)`: the resident memory
 * they add and the time to restore them all. The store (store-sqlite, a temp file) is seeded by
 * running one real turn against the local server and importing 10,000 renamed copies of its export.
 * Baseline: reading the same conversation records and machine snapshots from the store as plain
 * objects, without machines. A restored idle machine starts its actor on first use; what that first
 * use costs is measured after the figures above, on a tenth of the conversations. Last, a second
 * Weft opens them all with one `openMany` call (snapshots read in one batch).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWeft, type Conversation } from '@weft/core';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { figure } from '../figures.js';
import type { Scenario, SeriesPoint } from '../scenario.js';
import { model, startConversationServer, userText } from '../support/conversation-fixture.js';
import { collectGarbage, heapMiB, rssMiB, tempDir } from '../support/system.js';

const idOf = (i: number): string => `conv_idle_${String(i).padStart(6, '0')}`;

/**
 * Runs one turn in `template`, then imports `count` copies of the store's export (the template's
 * records and its machine snapshot) under new ids.
 */
async function seed(store: SqliteStore, baseURL: string, count: number): Promise<void> {
  const weft = createWeft({ client: { baseURL, apiKey: 'local' }, store, defaults: { model } });
  const convo = await weft.conversation({ id: 'conv_template' });
  await convo.send(userText(0)).result;
  await weft.close();
  // The whole store: an export of one conversation leaves its snapshot out.
  const text = await Effect.runPromise(store.exportJsonl());
  const [header, ...records] = text.trim().split('\n');
  // Every id in the export (conversation, turn, response, items) gets the copy's suffix.
  const ids = new Set(records.join('\n').match(/"(?:conv|turn|resp|msg)_[A-Za-z0-9_]+"/g) ?? []);
  const body = records.join('\n');
  const lines: string[] = [header ?? ''];
  for (let i = 0; i < count; i++) {
    let copy = body;
    for (const quoted of ids) {
      const id = quoted.slice(1, -1);
      const renamed = id === 'conv_template' ? idOf(i) : `${id}_${i}`;
      copy = copy
        .replaceAll(quoted, `"${renamed}"`)
        .replaceAll(`conversation:${id}"`, `conversation:${renamed}"`);
    }
    lines.push(copy);
  }
  await Effect.runPromise(store.importJsonl(`${lines.join('\n')}\n`));
}

/** `idle_10k_rss_mb`, `idle_10k_restore_ms`. */
export const idleMachines: Scenario = {
  name: 'idle.machines',
  description:
    '10,000 stored conversations (one ~1.2 KB turn and a machine snapshot each, store-sqlite temp file) restored as live conversation machines with weft.open(id); baseline: the same conversation records and snapshots read from the store as plain objects.',
  async run(context) {
    const count = context.quick ? 1_000 : 10_000;
    const server = await startConversationServer();
    const dir = tempDir('idle');
    const path = join(dir.path, 'idle.db');
    const store = openSqliteStore({ path, synchronous: 'NORMAL' });
    try {
      await seed(store, server.baseURL, count);
      context.log(`  ${count} conversations seeded`);
      store.close();
      const m = await restoreInChild({ path, baseURL: server.baseURL, count });
      const { series, bucket } = m;
      const sizeNote = context.quick
        ? `quick: ${count.toLocaleString('en-US')} conversations, not 10,000; `
        : '';
      return {
        figures: [
          figure({
            key: 'idle_10k_rss_mb',
            value: m.rssAfterMiB - m.rssBeforeMiB,
            unit: 'MiB',
            what: `resident memory (RSS, after GC) added by ${count.toLocaleString('en-US')} idle conversation machines`,
            baseline: {
              label: 'JS heap taken by the same records + snapshots held as plain objects',
              value: m.plainHeapMiB,
              unit: 'MiB heap',
            },
            ratio: m.machinesHeapMiB / m.plainHeapMiB,
            ratioMeaning: 'heap of the machines ÷ heap of the plain data',
            target: { kind: 'max', value: 200 },
            note: `${sizeNote}measured in a fresh child process: RSS ${m.rssBeforeMiB.toFixed(0)} → ${m.rssAfterMiB.toFixed(0)} MiB; machines' heap ${m.machinesHeapMiB.toFixed(1)} MiB`,
          }),
          figure({
            key: 'idle_10k_heap_mb',
            value: m.machinesHeapMiB,
            unit: 'MiB',
            what: `JS heap (after GC) added by ${count.toLocaleString('en-US')} idle conversation machines`,
            baseline: {
              label: 'JS heap taken by the same records + snapshots held as plain objects',
              value: m.plainHeapMiB,
              unit: 'MiB',
            },
            ratioMeaning: 'machines ÷ plain data',
            target: { kind: 'max', value: 200 },
            note: `${sizeNote}${((m.machinesHeapMiB * 1024) / count).toFixed(1)} KiB per machine`,
          }),
          figure({
            key: 'idle_10k_restore_ms',
            value: m.restoreMs,
            unit: 'ms',
            what: `weft.open(id) for ${count.toLocaleString('en-US')} stored conversations, one after another`,
            baseline: {
              label: 'reading their records + snapshots from the store',
              value: m.plainMs,
              unit: 'ms',
            },
            ratioMeaning: 'restore ÷ plain read',
            target: { kind: 'max', value: 2000 },
            note: `${sizeNote}first ${bucket} ${series[0]?.y.toFixed(2) ?? '?'} ms each, last ${bucket} ${series.at(-1)?.y.toFixed(2) ?? '?'} ms each`,
          }),
          figure({
            key: 'idle_10k_open_many_ms',
            value: m.openManyMs,
            unit: 'ms',
            what: `weft.openMany(ids) of the same ${count.toLocaleString('en-US')} conversations in a second Weft: snapshots read in one batch (SnapshotStore.loadMany)`,
            baseline: {
              label: 'reading their records + snapshots from the store',
              value: m.plainMs,
              unit: 'ms',
            },
            ratioMeaning: 'openMany ÷ plain read',
            target: { kind: 'max', value: 2000 },
            note: `${sizeNote}weft.open one after another took ${m.restoreMs.toFixed(0)} ms in the same process`,
          }),
          figure({
            key: 'idle_first_use_ms',
            value: m.firstUseMs / m.firstUseCount,
            unit: 'ms/conversation',
            what: `first use of a restored idle conversation (its machine actor created and started), over ${m.firstUseCount.toLocaleString('en-US')} of them`,
            baseline: {
              label: 'weft.open(id) of the same conversations',
              value: m.restoreMs / count,
              unit: 'ms/conversation',
            },
            ratioMeaning: 'first use ÷ open',
            note: `${sizeNote}after the memory figures; ${m.firstUseMs.toFixed(0)} ms in all`,
          }),
        ],
        series,
      };
    } finally {
      store.close(); // no-op when already closed
      await server.stop();
      dir.remove();
    }
  },
};

/** What the child process measured. */
interface RestoreFigures {
  readonly plainMs: number;
  readonly plainHeapMiB: number;
  readonly restoreMs: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  readonly machinesHeapMiB: number;
  readonly bucket: number;
  readonly series: SeriesPoint[];
  readonly firstUseMs: number;
  readonly firstUseCount: number;
  readonly openManyMs: number;
}

/** Flag that makes the bench entry run {@link restoreMain} instead of the scenarios. */
export const idleRestoreFlag = '--idle-restore';

/** Runs {@link restoreMain} in a fresh Node process (this bundle), so RSS counts nothing but the machines. */
async function restoreInChild(options: {
  path: string;
  baseURL: string;
  count: number;
}): Promise<RestoreFigures> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), idleRestoreFlag, JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`idle restore child exited with ${String(code)}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as RestoreFigures;
}

/** The child's work: baseline read, then `weft.open` of every conversation; prints the figures as JSON. */
export async function restoreMain(arg: string): Promise<void> {
  const { path, baseURL, count } = JSON.parse(arg) as {
    path: string;
    baseURL: string;
    count: number;
  };
  const store = openSqliteStore({ path, synchronous: 'NORMAL' });
  const ids = Array.from({ length: count }, (_, i) => idOf(i));
  // Baseline: the records and snapshots as plain objects.
  collectGarbage();
  let heap0 = heapMiB();
  let t = performance.now();
  const plain: unknown[] = [];
  for (const id of ids) {
    plain.push(await Effect.runPromise(store.turns.getConversation(id)));
    plain.push(await Effect.runPromise(store.snapshots.load(`conversation:${id}`)));
  }
  const plainMs = performance.now() - t;
  collectGarbage();
  const plainHeapMiB = heapMiB() - heap0;
  if (plain.some((p) => p === undefined)) throw new Error('baseline read fewer records than seeded');
  plain.length = 0;
  const weft = createWeft({ client: { baseURL, apiKey: 'local' }, store, defaults: { model } });
  const live: Conversation[] = [];
  collectGarbage();
  const rssBeforeMiB = rssMiB();
  heap0 = heapMiB();
  t = performance.now();
  const bucket = count / 10;
  const series: SeriesPoint[] = [];
  let bucketStart = t;
  for (const id of ids) {
    live.push(await weft.open(id));
    if (live.length % bucket === 0) {
      const now = performance.now();
      series.push({
        chart: 'idle-restore',
        series: 'weft.open, ms per conversation',
        x: live.length,
        y: (now - bucketStart) / bucket,
      });
      bucketStart = now;
    }
  }
  const restoreMs = performance.now() - t;
  collectGarbage();
  const rssAfterMiB = rssMiB();
  const machinesHeapMiB = heapMiB() - heap0;
  if (live.length !== count) throw new Error('not every conversation opened');
  // First use: reading the actor creates and starts it from the restored snapshot.
  const used = live.slice(0, bucket);
  t = performance.now();
  for (const convo of used) {
    if (convo.actor.getSnapshot().value !== 'idle') throw new Error(`${convo.id} did not restore idle`);
  }
  const firstUseMs = performance.now() - t;
  await weft.close();
  // The same conversations again, in one call: their snapshots come in one batched read.
  const again = createWeft({ client: { baseURL, apiKey: 'local' }, store, defaults: { model } });
  t = performance.now();
  const reopened = await again.openMany(ids);
  const openManyMs = performance.now() - t;
  if (reopened.length !== count) throw new Error('openMany opened fewer conversations than asked');
  await again.close();
  const figures: RestoreFigures = {
    plainMs,
    plainHeapMiB,
    restoreMs,
    rssBeforeMiB,
    rssAfterMiB,
    machinesHeapMiB,
    bucket,
    series,
    firstUseMs,
    firstUseCount: used.length,
    openManyMs,
  };
  store.close();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
