/**
 * A second process for the cross-process tests, run from the TypeScript sources (see
 * `source-hooks.mjs`). Talks JSON lines: prints `{"ready":true}` once loaded, then waits for one
 * line on stdin before it starts.
 *
 *   reader <db> <turnId-from-stdin>   attaches to a turn in the SQLite file and prints its events
 *   crash  <db> <baseURL> <apiKey>    starts a slow stream turn and prints progress until killed
 */
import { createInterface } from 'node:readline';
import { createWeft } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { attachToTurn } from '../attach-to-turn.js';
import { streamStrategy } from '../stream-strategy.js';

const [mode, path, baseURL, apiKey] = process.argv.slice(2);
const print = (message: unknown): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const lines = createInterface({ input: process.stdin });
const nextLine = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));

async function reader(): Promise<void> {
  const turnId = (await nextLine()).trim();
  const store = openSqliteStore({ path: path ?? '' });
  for await (const stored of attachToTurn({ store: store.turns, turnId, pollIntervalMs: 20 })) {
    print({ stored });
  }
  print({ end: true });
  store.close();
}

async function crash(): Promise<void> {
  await nextLine();
  const store = openSqliteStore({ path: path ?? '', synchronous: 'NORMAL' });
  const weft = createWeft({
    client: { baseURL: baseURL ?? '', apiKey: apiKey ?? '' },
    store,
    strategies: { stream: streamStrategy({ flushEveryEvents: 8, flushIntervalMs: 20 }) },
    defaults: { model: 'scripted-1', execution: 'stream' },
  });
  const convo = await weft.conversation();
  const handle = convo.send('crash please');
  let deltas = 0;
  for await (const event of handle.events()) {
    if (event.type === 'created') print({ conversationId: convo.id, turnId: event.turnId });
    if (event.type === 'delta') print({ deltas: ++deltas });
  }
  print({ finished: true });
}

print({ ready: true });
await (mode === 'reader' ? reader() : crash());
process.exit(0);
