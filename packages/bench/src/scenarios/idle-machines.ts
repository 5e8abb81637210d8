/**
 * 10,000 stored conversations restored as live machines with `weft.open(id)`: the resident memory
 * they add and the time to restore them all. The store (store-sqlite, a temp file) is seeded by
 * running one real turn against the local server and importing 10,000 renamed copies of its export.
 * Baseline: reading the same conversation records and machine snapshots from the store as plain
 * objects, without machines.
 */
import { join } from 'node:path';
import { createWeft, type Conversation } from '@weft/core';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import { model, startConversationServer, userText } from '../support/conversation-fixture.js';
import { collectGarbage, heapMiB, rssMiB, tempDir } from '../support/system.js';

const idOf = (i: number): string => `conv_idle_${String(i).padStart(6, '0')}`;

/** Runs one turn in `template`, then imports `count` copies of its export under new ids. */
async function seed(store: SqliteStore, baseURL: string, count: number): Promise<void> {
  const weft = createWeft({ client: { baseURL, apiKey: 'local' }, store, defaults: { model } });
  const convo = await weft.conversation({ id: 'conv_template' });
  await convo.send(userText(0)).result;
  await weft.close();
  const text = await Effect.runPromise(store.exportJsonl({ conversationId: 'conv_template' }));
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
      copy = copy.replaceAll(quoted, `"${renamed}"`).replaceAll(`conversation:${id}"`, `conversation:${renamed}"`);
    }
    lines.push(copy);
  }
  await Effect.runPromise(store.importJsonl(`${lines.join('\n')}\n`));
}

/** `idle_10k_rss_mb`, `idle_10k_restore_ms`. */
export const idleMachines: Scenario = {
  name: 'idle.machines',
  description:
    '10,000 stored conversations (one ~1.2 KB turn each, store-sqlite temp file) restored as live conversation machines with weft.open(id); baseline: the same conversation records and snapshots read from the store as plain objects.',
  async run(context) {
    const count = context.quick ? 1_000 : 10_000;
    const server = await startConversationServer();
    const dir = tempDir('idle');
    const store = openSqliteStore({ path: join(dir.path, 'idle.db'), synchronous: 'NORMAL' });
    try {
      await seed(store, server.baseURL, count);
      context.log(`  ${count} conversations seeded`);
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
      if (plain.length !== 2 * count) throw new Error('baseline read fewer records than seeded');
      plain.length = 0;
      // The machines.
      const weft = createWeft({ client: { baseURL: server.baseURL, apiKey: 'local' }, store, defaults: { model } });
      const live: Conversation[] = [];
      collectGarbage();
      const rss0 = rssMiB();
      heap0 = heapMiB();
      t = performance.now();
      for (const id of ids) live.push(await weft.open(id));
      const restoreMs = performance.now() - t;
      collectGarbage();
      const machinesMiB = rssMiB() - rss0;
      const machinesHeapMiB = heapMiB() - heap0;
      if (live.length !== count) throw new Error('not every conversation opened');
      await weft.close();
      const sizeNote = context.quick ? `quick: ${count.toLocaleString('en-US')} conversations, not 10,000; ` : '';
      return {
        figures: [
          figure({
            key: 'idle_10k_rss_mb',
            value: machinesMiB,
            unit: 'MiB',
            what: `resident memory added by ${count.toLocaleString('en-US')} idle conversation machines (after GC)`,
            baseline: { label: 'JS heap taken by the same records + snapshots held as plain objects', value: plainHeapMiB, unit: 'MiB heap' },
            ratio: machinesHeapMiB / plainHeapMiB,
            ratioMeaning: 'heap of the machines ÷ heap of the plain data',
            target: { kind: 'max', value: 200 },
            note: `${sizeNote}machines' heap ${machinesHeapMiB.toFixed(1)} MiB; process RSS ${rssMiB().toFixed(0)} MiB with them live`,
          }),
          figure({
            key: 'idle_10k_restore_ms',
            value: restoreMs,
            unit: 'ms',
            what: `weft.open(id) for ${count.toLocaleString('en-US')} stored conversations, one after another`,
            baseline: { label: 'reading their records + snapshots from the store', value: plainMs, unit: 'ms' },
            ratioMeaning: 'restore ÷ plain read',
            target: { kind: 'max', value: 2000 },
            ...(sizeNote !== '' ? { note: sizeNote.slice(0, -2) } : {}),
          }),
        ],
      };
    } finally {
      store.close();
      await server.stop();
      dir.remove();
    }
  },
};
