import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnection } from './internal/connection.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { makeSqliteTurnStore } from './turn-store.js';
import { completed, run, userTurn } from './test-support.js';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-fts-migration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before `0002` (the text index with a copy of the text). */
function migrationsUpTo0001(): string {
  const folder = join(dir, 'drizzle-0001');
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));
  return folder;
}

describe('the 0002 migration of the text index', () => {
  it('indexes the ended turns of an older file, and not the running ones', async () => {
    const path = join(dir, 'weft.db');
    const old = openConnection({
      path,
      busyTimeoutMs: 1000,
      synchronous: 'NORMAL',
      readonly: false,
      migrationsFolder: migrationsUpTo0001(),
    });
    const context = { path, busyTimeoutMs: 1000 };
    const turns = makeSqliteTurnStore(old, context);
    await run(turns.createConversation({ id: 'conv', createdAt: 0 }));
    await run(turns.beginTurn(userTurn('turn_1', 'conv', null, 'granite countertops')));
    await run(turns.completeTurn('turn_1', completed('polished stone')));
    await run(turns.beginTurn(userTurn('turn_2', 'conv', 'turn_1', 'marble floors')));
    // Under 0001 the running turn's input is searchable; 0002 indexes ended turns only.
    const oldIndex = old.client
      .prepare("SELECT turn_id FROM turns_fts WHERE turns_fts MATCH 'marble'")
      .pluck()
      .all();
    expect(oldIndex).toEqual(['turn_2']);
    old.client.close();

    const store = openSqliteStore({ path, synchronous: 'NORMAL' });
    try {
      expect((await run(store.searchTurns('granite stone'))).map((h) => h.turnId)).toEqual([
        'turn_1',
      ]);
      expect(await run(store.searchTurns('marble'))).toEqual([]);
      await run(store.turns.completeTurn('turn_2', completed('veined')));
      expect((await run(store.searchTurns('marble veined')))[0]).toMatchObject({
        turnId: 'turn_2',
        snippet: expect.stringContaining('[marble]'),
      });
    } finally {
      store.close();
    }
  });
});
