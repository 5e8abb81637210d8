import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnection } from './internal/connection.js';
import { openSqliteStore } from './open-sqlite-store.js';
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
    // Rows written as the 0001 schema holds them (today's turn store needs later columns).
    const insertTurn = old.client.prepare(`
      INSERT INTO turns (id, conversation_id, parent_id, depth, request, status, output, partial,
        created_at, context_strategy, execution_strategy)
      VALUES (?, 'conv', ?, ?, ?, ?, ?, 0, 0, 'local', 'blocking')`);
    old.client
      .prepare("INSERT INTO conversations (id, created_at, updated_at) VALUES ('conv', 0, 0)")
      .run();
    const request = (id: string, text: string) =>
      JSON.stringify(userTurn(id, 'conv', null, text).request);
    const output = JSON.stringify(completed('polished stone').output);
    insertTurn.run('turn_1', null, 0, request('turn_1', 'granite countertops'), 'completed', output);
    insertTurn.run('turn_2', 'turn_1', 1, request('turn_2', 'marble floors'), 'pending', '[]');
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
