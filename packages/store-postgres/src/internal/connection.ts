/**
 * The connection pool and the schema: pool settings (statement timeout, sizes), the newer-schema
 * check, and migrations applied under an advisory lock so concurrent starters do not collide.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '@weft/core';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../schema.js';

/** The drizzle database over the schema. */
export type WeftDatabase = NodePgDatabase<typeof schema>;

/** An open pool and its drizzle database. */
export interface Connection {
  readonly pool: pg.Pool;
  readonly db: WeftDatabase;
}

interface Journal {
  readonly entries: readonly { readonly when: number; readonly tag: string }[];
}

/** The migration journal shipped with the package. */
export function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** Where drizzle records applied migrations. */
const migrationsSchema = 'drizzle';
const migrationsTable = '__drizzle_migrations';
/** The advisory lock key serialising migrations across processes ("Weft" in ASCII). */
const migrationLock = 0x57656674;

/** `int8` and `numeric` as JS numbers: every such column holds epoch milliseconds or counters. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Pool settings. */
export interface PoolOptions {
  readonly connectionString: string;
  readonly max: number;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly applicationName: string;
  readonly password?: string | (() => string | Promise<string>) | undefined;
  readonly ssl?: boolean | { readonly ca?: string | undefined; readonly rejectUnauthorized?: boolean | undefined } | undefined;
}

/** TLS settings for node-postgres: `true` means TLS with the default checks. */
export function sslConfig(ssl: NonNullable<PoolOptions['ssl']>): false | pg.ClientConfig['ssl'] {
  if (ssl === false) return false;
  return ssl === true ? {} : { ...ssl };
}

/** Opens a pool (lazily connecting) with the statement timeout set on every session. */
export function openPool(options: PoolOptions): Connection {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    // A transaction left open by a crashed caller must not hold locks (leases, heads) forever.
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 2, 10_000),
    application_name: options.applicationName,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.ssl === undefined ? {} : { ssl: sslConfig(options.ssl) }),
    types,
  });
  // An idle client whose server went away emits here; the next query reports it as StorageError.
  pool.on('error', () => undefined);
  return { pool, db: drizzle(pool, { schema }) };
}

async function newestAppliedMigration(client: pg.PoolClient): Promise<number | undefined> {
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass('${migrationsSchema}.${migrationsTable}') IS NOT NULL AS present`,
  );
  if (exists.rows[0]?.present !== true) return undefined;
  const result = await client.query<{ newest: number | null }>(
    `SELECT max(created_at) AS newest FROM ${migrationsSchema}.${migrationsTable}`,
  );
  return result.rows[0]?.newest ?? undefined;
}

function refuse(detail: string): StorageError {
  return new StorageError({ operation: 'open', detail });
}

/** The migrations this build ships, split by whether a database already has them. */
export interface MigrationState {
  /** Tags of the shipped migrations the database already has, oldest first. */
  readonly applied: readonly string[];
  /** Tags of the shipped migrations it does not have yet, oldest first. */
  readonly pending: readonly string[];
}

/**
 * Reads which shipped migrations `client`'s database has (drizzle applies them in journal order and
 * records each one's timestamp), refusing a database migrated by a newer build.
 */
async function readMigrationState(client: pg.PoolClient, journal: Journal, where: string): Promise<MigrationState> {
  const newestKnown = journal.entries.at(-1)?.when ?? 0;
  const newestApplied = await newestAppliedMigration(client);
  if (newestApplied !== undefined && newestApplied > newestKnown) {
    throw refuse(
      `${where} was migrated by a newer Weft (a migration from ${new Date(newestApplied).toISOString()}, this build knows ${journal.entries.length}); upgrade @weft/store-postgres to open it`,
    );
  }
  const has = (when: number) => newestApplied !== undefined && when <= newestApplied;
  return {
    applied: journal.entries.filter((e) => has(e.when)).map((e) => e.tag),
    pending: journal.entries.filter((e) => !has(e.when)).map((e) => e.tag),
  };
}

/**
 * Refuses a database migrated by a newer build, and (with `apply: false`) one not yet migrated;
 * otherwise applies the pending migrations. Holds an advisory lock throughout, so processes
 * starting together migrate once. Returns the state found before applying anything.
 */
export async function prepareSchema(
  connection: Connection,
  folder: string,
  apply: boolean,
  where: string,
): Promise<MigrationState> {
  const journal = readJournal(folder);
  const client = await connection.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    try {
      const state = await readMigrationState(client, journal, where);
      if (state.pending.length === 0) return state;
      if (!apply) {
        throw refuse(
          `${where} has no Weft schema or an older one; run migratePostgresStore first (a deployment step, e.g. weft migrate), or open with migrate: true`,
        );
      }
      await migrate(drizzle(client, { schema }), { migrationsFolder: folder, migrationsSchema, migrationsTable });
      return state;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]);
    }
  } finally {
    client.release();
  }
}

/** Reads the migration state without changing anything (no lock: a read of one table). */
export async function inspectSchema(connection: Connection, folder: string, where: string): Promise<MigrationState> {
  const client = await connection.pool.connect();
  try {
    return await readMigrationState(client, readJournal(folder), where);
  } finally {
    client.release();
  }
}

/** `host:port/database` of a connection string, without user or password. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}
