/**
 * Opening a SQLite file as a Weft store.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { JobStoreShape, SnapshotStoreShape, StorageError, TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';
import { openConnection } from './internal/connection.js';
import type { ErrorContext } from './internal/errors.js';
import { makeSqliteJobStore } from './job-store.js';
import { type ExportJsonl, type ImportJsonl, makeJsonlTransfer } from './jsonl-transfer.js';
import { makeSearchTurns, type SearchTurns } from './search-turns.js';
import { makeSqliteSnapshotStore } from './snapshot-store.js';
import { makeSqliteTurnStore } from './turn-store.js';

/** The migrations shipped with the package; resolves from `src/` and from `dist/` alike. */
const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** How to open a store. */
export interface SqliteStoreOptions {
  /** The database file; created (with its directory's permission) when missing. */
  readonly path: string;
  /** How long a write waits for another connection's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * `FULL` (default): a turn is on disk when the call returns, even across power loss.
   * `NORMAL`: faster commits; the last transactions may roll back on power loss (never on a
   * process crash). See README, "Configuration".
   */
  readonly synchronous?: 'FULL' | 'NORMAL' | undefined;
  /** Open without writing anything: no migration, every write fails with `StorageError`. */
  readonly readonly?: boolean | undefined;
}

/** An open SQLite store: the three core ports plus search, export and import. */
export interface SqliteStore {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly snapshots: SnapshotStoreShape;
  /** Full-text search over turn text (user input and assistant output). */
  readonly searchTurns: SearchTurns;
  /** A conversation, or everything, as versioned JSONL text. */
  readonly exportJsonl: ExportJsonl;
  /** Adds the records of an export, all or nothing. */
  readonly importJsonl: ImportJsonl;
  /** The file this store has open. */
  readonly path: string;
  /** Closes the connection; later calls fail with `StorageError`. Idempotent. */
  close(): void;
}

/** The default busy timeout, as in Effect's SQLite client. */
export const defaultBusyTimeoutMs = 5000;

/**
 * Opens (creating and migrating when needed) a SQLite file as a Weft store: WAL, a busy timeout,
 * foreign keys on, `synchronous = FULL` unless told otherwise.
 *
 * @throws StorageError when the file is not a Weft database or is corrupt, was written by a newer
 *   schema, is locked past the busy timeout, or cannot be opened.
 * @example
 * ```ts
 * const store = openSqliteStore({ path: 'weft.db' });
 * await Effect.runPromise(store.turns.createConversation({ id: 'conv_1', createdAt: Date.now() }));
 * store.close();
 * ```
 * @since 0.1.0
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  const connection = openConnection({
    path: options.path,
    busyTimeoutMs,
    synchronous: options.synchronous ?? 'FULL',
    readonly: options.readonly ?? false,
    migrationsFolder,
  });
  const context: ErrorContext = { path: options.path, busyTimeoutMs };
  const transfer = makeJsonlTransfer(connection, context);
  return {
    turns: makeSqliteTurnStore(connection, context),
    jobs: makeSqliteJobStore(connection, context),
    snapshots: makeSqliteSnapshotStore(connection, context),
    searchTurns: makeSearchTurns(connection, context),
    exportJsonl: transfer.exportJsonl,
    importJsonl: transfer.importJsonl,
    path: options.path,
    close: () => {
      if (connection.client.open) connection.client.close();
    },
  };
}

/**
 * {@link openSqliteStore} as an Effect: fails with `StorageError` instead of throwing.
 *
 * @since 0.1.0
 */
export function makeSqliteStore(
  options: SqliteStoreOptions,
): Effect.Effect<SqliteStore, StorageError> {
  return Effect.try({
    try: () => openSqliteStore(options),
    catch: (error) => error as StorageError,
  });
}
