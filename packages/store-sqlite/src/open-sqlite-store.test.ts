import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '@weft/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openConnection, weftApplicationId } from './internal/connection.js';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';
import { makeSqliteTurnStore } from './turn-store.js';
import { completed, failureOf, run, userTurn } from './test-support.js';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
let dir: string;
const opened: SqliteStore[] = [];
const open = (path: string, options: Omit<SqliteStoreOptions, 'path'> = {}) => {
  const store = openSqliteStore({ ...options, path });
  opened.push(store);
  return store;
};
const openError = (path: string, options: { readonly?: boolean } = {}): StorageError => {
  try {
    open(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return error as StorageError;
  }
  throw new Error('expected openSqliteStore to throw');
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-open-'));
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A store with one conversation holding one completed turn, closed again. */
async function seeded(path: string): Promise<void> {
  const store = openSqliteStore({ path });
  await run(store.turns.createConversation({ id: 'conv_1', createdAt: 0 }));
  await run(store.turns.beginTurn(userTurn('turn_1', 'conv_1', null)));
  await run(store.turns.completeTurn('turn_1', completed('kept safe')));
  await run(store.turns.setHead('conv_1', 0, 'turn_1', 2));
  store.close();
}

describe('openSqliteStore', () => {
  it('sets WAL, the busy timeout, foreign keys and synchronous = FULL by default', () => {
    const path = join(dir, 'weft.db');
    const connection = openConnection({
      path,
      busyTimeoutMs: 1234,
      synchronous: 'FULL',
      readonly: false,
      migrationsFolder,
    });
    try {
      const pragma = (name: string) => connection.client.pragma(name, { simple: true });
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('busy_timeout')).toBe(1234);
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('synchronous')).toBe(2);
      expect(pragma('application_id')).toBe(weftApplicationId);
    } finally {
      connection.client.close();
    }
    expect(open(path).path).toBe(path);
  });

  it('re-opens a migrated file without applying anything twice', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    for (let i = 0; i < 3; i++) open(path).close();
    const db = new Database(path);
    const migrations = db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
      n: number;
    };
    const version = db.pragma('user_version', { simple: true });
    db.close();
    expect(migrations.n).toBe(4);
    expect(version).toBe(4);
    const store = open(path);
    expect((await run(store.turns.getTurn('turn_1'))).status).toBe('completed');
  });

  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const path = join(dir, 'notes.txt');
    const content = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, content);
    const error = openError(path);
    expect(error.message).toMatch(/not a Weft database or is corrupt \(SQLITE_NOTADB\)/);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('refuses a SQLite database of another application, and leaves it untouched', () => {
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7)');
    db.close();
    const before = readFileSync(path);
    expect(openError(path).message).toMatch(/not a Weft database \(it holds other tables\)/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports a corrupt file as StorageError and does not modify it', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const fd = openSync(path, 'r+');
    const garbage = Buffer.alloc(4096 * 4, 0xa5);
    writeSync(fd, garbage, 0, garbage.length, 4096); // every page after the header page
    closeSync(fd);
    const before = readFileSync(path);
    let error: { readonly _tag: string; readonly message: string };
    try {
      const store = open(path);
      error = await failureOf(store.turns.getTurn('turn_1'));
    } catch (thrown) {
      error = thrown as StorageError;
    }
    expect(error._tag).toBe('StorageError');
    expect(error.message).toMatch(/not a Weft database or is corrupt \(SQLITE_(CORRUPT|NOTADB)/);
    for (const store of opened.splice(0)) store.close();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer schema version, naming the upgrade', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const error = openError(path);
    expect(error.message).toMatch(
      /written by a newer Weft \(schema version 99, this build knows 4\); upgrade @weft\/store-sqlite/,
    );
  });

  it('refuses a database with a migration newer than this build knows', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const db = new Database(path);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'future',
      9e12,
    );
    db.close();
    expect(openError(path).message).toMatch(/newer Weft/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });

  it('fails with a lock message past the busy timeout, then works once the lock is gone', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const store = open(path, { busyTimeoutMs: 50 });
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const error = await failureOf(store.turns.beginTurn(userTurn('turn_2', 'conv_1', 'turn_1')));
      expect(error._tag).toBe('StorageError');
      expect(error.message).toMatch(/locked by another process past the busy timeout \(50 ms\)/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await run(store.turns.beginTurn(userTurn('turn_2', 'conv_1', 'turn_1')));
    expect((await run(store.turns.getTurn('turn_1'))).status).toBe('completed');
  });

  it('reports a full disk as StorageError and keeps what was stored', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const connection = openConnection({
      path,
      busyTimeoutMs: 1000,
      synchronous: 'FULL',
      readonly: false,
      migrationsFolder,
    });
    try {
      const context = { path, busyTimeoutMs: 1000 };
      const turns = makeSqliteTurnStore(connection, context);
      // A page limit on this connection makes SQLite answer SQLITE_FULL exactly as a full disk does.
      connection.client.pragma(
        `max_page_count = ${Number(connection.client.pragma('page_count', { simple: true }))}`,
      );
      const big = userTurn('turn_big', 'conv_1', 'turn_1', 'lorem ipsum '.repeat(50_000));
      const error = await failureOf(turns.beginTurn(big));
      expect(error._tag).toBe('StorageError');
      expect(error.message).toMatch(
        /the disk holding .* is full \(SQLITE_FULL\); free space and retry/,
      );
      expect(await failureOf(turns.getTurn('turn_big'))).toMatchObject({ _tag: 'NotFound' });
      expect((await run(turns.getTurn('turn_1'))).output).toEqual(completed('kept safe').output);
    } finally {
      connection.client.close();
    }
  });

  it('opens read-only without writing, and refuses writes with an actionable message', async () => {
    const path = join(dir, 'weft.db');
    await seeded(path);
    const store = open(path, { readonly: true });
    expect((await run(store.turns.getTurn('turn_1'))).status).toBe('completed');
    const error = await failureOf(store.turns.createConversation({ id: 'conv_2', createdAt: 0 }));
    expect(error.message).toMatch(
      /cannot be written \(SQLITE_READONLY\); open it without readonly/,
    );
  });

  it('fails with StorageError after close', async () => {
    const store = open(join(dir, 'weft.db'));
    store.close();
    store.close();
    const error = await failureOf(store.turns.getConversation('conv_1'));
    expect(error.message).toMatch(/the store is closed/);
  });
});
