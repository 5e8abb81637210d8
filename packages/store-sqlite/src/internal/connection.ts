/**
 * Opening a database file: identity and schema-version checks before anything is written, then
 * pragmas and migrations.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '@weft/core';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../schema.js';
import { makeRelaxedCommit, type RelaxedCommit } from './durability.js';
import { type ErrorContext, toStorageError } from './errors.js';

/** The most memory each connection's page cache may take, in KiB (pages are taken on use). */
const pageCacheKiB = 64 * 1024;

/** `PRAGMA application_id` of a Weft database: the bytes of "Weft". */
export const weftApplicationId = 0x57656674;

/** The drizzle database over the schema. */
export type WeftDatabase = BetterSQLite3Database<typeof schema>;

/** How a connection is opened. */
export interface ConnectionOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly readonly: boolean;
  readonly migrationsFolder: string;
}

/** An open, migrated connection. */
export interface Connection {
  readonly client: Database.Database;
  readonly db: WeftDatabase;
  /** The schema version of this build (number of migrations it ships). */
  readonly schemaVersion: number;
  /** Runs progress writes without an fsync of their own (see `durability.ts`). */
  readonly relaxed: RelaxedCommit;
}

interface Journal {
  readonly entries: readonly { readonly when: number; readonly tag: string }[];
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

const open = 'open';

function refuse(detail: string): StorageError {
  return new StorageError({ operation: open, detail });
}

function pragmaNumber(client: Database.Database, name: string): number {
  return Number(client.pragma(name, { simple: true }));
}

function hasTable(client: Database.Database, name: string): boolean {
  return (
    client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

/** The `created_at` of the newest migration recorded in the file, if any. */
function newestAppliedMigration(client: Database.Database): number | undefined {
  if (!hasTable(client, '__drizzle_migrations')) return undefined;
  const row = client
    .prepare('SELECT max(created_at) AS newest FROM __drizzle_migrations')
    .get() as { newest: number | string | null };
  return row.newest === null ? undefined : Number(row.newest);
}

/**
 * Refuses files that are not Weft databases or were written by a newer schema, reading only the
 * header and catalogue, so nothing is written to a file that is refused.
 */
function checkIdentity(client: Database.Database, path: string, journal: Journal): void {
  const applicationId = pragmaNumber(client, 'application_id');
  const userVersion = pragmaNumber(client, 'user_version');
  const known = journal.entries.length;
  const newestKnown = journal.entries.at(-1)?.when ?? 0;
  if (applicationId !== 0 && applicationId !== weftApplicationId) {
    throw refuse(
      `${path} is not a Weft database (it belongs to another application); open another path`,
    );
  }
  if (applicationId === 0) {
    const tables = client
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
      .get() as { n: number };
    if (tables.n > 0 && !hasTable(client, '__drizzle_migrations')) {
      throw refuse(`${path} is not a Weft database (it holds other tables); open another path`);
    }
  }
  const newestApplied = newestAppliedMigration(client);
  if (userVersion > known || (newestApplied !== undefined && newestApplied > newestKnown)) {
    throw refuse(
      `${path} was written by a newer Weft (schema version ${Math.max(userVersion, known + 1)}, this build knows ${known}); upgrade @weft/store-sqlite to open it`,
    );
  }
}

function isMigrated(client: Database.Database, journal: Journal): boolean {
  const newestKnown = journal.entries.at(-1)?.when ?? 0;
  return (newestAppliedMigration(client) ?? -1) >= newestKnown;
}

/** Applies pending migrations; tolerates another process having applied them concurrently. */
function applyMigrations(connection: Connection, folder: string, journal: Journal): void {
  const { client, db } = connection;
  if (!isMigrated(client, journal)) {
    try {
      migrate(db, { migrationsFolder: folder });
    } catch (error) {
      if (!isMigrated(client, journal)) throw error;
    }
  }
  if (pragmaNumber(client, 'application_id') !== weftApplicationId) {
    client.pragma(`application_id = ${weftApplicationId}`);
  }
  if (pragmaNumber(client, 'user_version') !== connection.schemaVersion) {
    client.pragma(`user_version = ${connection.schemaVersion}`);
  }
}

function connectionOver(
  client: Database.Database,
  journal: Journal,
  options: ConnectionOptions,
): Connection {
  return {
    client,
    db: drizzle(client, { schema }),
    schemaVersion: journal.entries.length,
    relaxed: makeRelaxedCommit(client, options.synchronous, options.readonly),
  };
}

/**
 * Opens `options.path`, checks it, sets WAL, the busy timeout, `synchronous` and foreign keys, and
 * migrates it (unless read-only). Throws `StorageError` with an actionable message.
 */
export function openConnection(options: ConnectionOptions): Connection {
  const context: ErrorContext = { path: options.path, busyTimeoutMs: options.busyTimeoutMs };
  let client: Database.Database | undefined;
  try {
    const journal = readJournal(options.migrationsFolder);
    client = new Database(options.path, {
      readonly: options.readonly,
      fileMustExist: options.readonly,
      timeout: options.busyTimeoutMs,
    });
    checkIdentity(client, options.path, journal);
    client.pragma('foreign_keys = ON');
    // Page cache up to 64 MiB (default 16): a 10,000-turn chain is ~13 MB of rows, and a scan
    // larger than the cache evicts its own pages, so every read went back to the OS for all of them.
    client.pragma(`cache_size = ${-pageCacheKiB}`);
    if (options.readonly) {
      const connection = connectionOver(client, journal, options);
      if (pragmaNumber(client, 'user_version') < connection.schemaVersion) {
        throw refuse(
          `${options.path} has an older schema and a read-only store cannot migrate it; open it once without readonly`,
        );
      }
      return connection;
    }
    client.pragma('journal_mode = WAL');
    client.pragma(`synchronous = ${options.synchronous}`);
    const connection = connectionOver(client, journal, options);
    applyMigrations(connection, options.migrationsFolder, journal);
    return connection;
  } catch (error) {
    client?.close();
    throw toStorageError(open, error, context);
  }
}
