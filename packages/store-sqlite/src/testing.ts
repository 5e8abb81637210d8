/**
 * Helpers for tests that use the SQLite store: a fresh database file in its own temporary
 * directory, removed on close, and a fixture for `@weft/core/testing`'s store conformance suite.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStoreShape, SnapshotStoreShape, TurnStoreShape } from '@weft/core';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';

/** A store on a fresh file in its own temporary directory. */
export interface TempSqliteStore extends SqliteStore {
  /** The temporary directory holding the file (and its `-wal`/`-shm` companions). */
  readonly dir: string;
  /** Opens another connection to the same file (closed by `dispose`). */
  reopen(options?: Omit<SqliteStoreOptions, 'path'>): SqliteStore;
  /** Closes every connection opened here and removes the directory. */
  dispose(): void;
}

/**
 * Opens a store on `weft.db` in a fresh directory under the system temp directory.
 *
 * @example
 * ```ts
 * const store = makeTempSqliteStore();
 * try { … } finally { store.dispose(); }
 * ```
 * @since 0.1.0
 */
export function makeTempSqliteStore(
  options: Omit<SqliteStoreOptions, 'path'> = {},
): TempSqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'weft-sqlite-'));
  const path = join(dir, 'weft.db');
  const store = openSqliteStore({ ...options, path });
  const others: SqliteStore[] = [];
  return {
    ...store,
    dir,
    reopen: (more = {}) => {
      const other = openSqliteStore({ ...options, ...more, path });
      others.push(other);
      return other;
    },
    dispose: () => {
      for (const other of others) other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the store conformance suite of `@weft/core/testing` needs for one test. */
export interface SqliteStoreFixture {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly snapshots: SnapshotStoreShape;
  close(): void;
  /** A second connection to the same file, to race writers. */
  contender(): Promise<{ readonly turns: TurnStoreShape; readonly jobs: JobStoreShape }>;
}

/**
 * A conformance-suite fixture: a fresh file per test and a contender on a second connection.
 *
 * @example
 * ```ts
 * describeStoreConformance('sqlite', () => sqliteStoreFixture());
 * ```
 * @since 0.1.0
 */
export function sqliteStoreFixture(
  options: Omit<SqliteStoreOptions, 'path'> = {},
): SqliteStoreFixture {
  const store = makeTempSqliteStore(options);
  return {
    turns: store.turns,
    jobs: store.jobs,
    snapshots: store.snapshots,
    close: () => store.dispose(),
    contender: () => Promise.resolve(store.reopen()),
  };
}
