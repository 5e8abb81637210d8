/** Writes `fixtures/support.weft.jsonl`: the recording the regression test replays. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { recordConversation } from './record.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-record-'));
const store = openSqliteStore({ path: join(dir, 'weft.db') });
try {
  const { conversationId } = await recordConversation(store);
  const jsonl = await Effect.runPromise(store.exportJsonl({ conversationId }));
  const target = new URL('../fixtures/support.weft.jsonl', import.meta.url);
  writeFileSync(target, jsonl);
  process.stdout.write(`Recorded ${conversationId} into ${target.pathname}\n`);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
