/**
 * Opening a PostgreSQL database as a Weft store, and migrating one ahead of deployment.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type JobStoreShape, type SnapshotStoreShape, StorageError, type TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';
import type { RunContext } from './internal/attempt.js';
import { type Connection, describeTarget, inspectSchema, openPool, prepareSchema } from './internal/connection.js';
import { toStorageError } from './internal/errors.js';
import { makePostgresJobStore, type PostgresJobStore } from './job-store.js';
import { makePostgresSnapshotStore } from './snapshot-store.js';
import { makePostgresTurnStore } from './turn-store.js';

/** The migrations shipped with the package; resolves from `src/` and from `dist/` alike. */
const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** How to open a store. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (any libpq-style URL node-postgres accepts). */
  readonly url: string;
  /** Connections this process keeps at most (default 10). */
  readonly poolSize?: number | undefined;
  /** The server cancels a statement running longer than this, ms (default 30 000). */
  readonly statementTimeoutMs?: number | undefined;
  /** How long to wait for a connection, ms (default 10 000). */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * `true` (default): apply pending migrations on open. `false`: only check that the schema is
   * current (for deployments that forbid DDL at start-up; run {@link migratePostgresStore} first).
   */
  readonly migrate?: boolean | undefined;
  /** Extra attempts for failures that are safe to retry (default 2). */
  readonly retries?: number | undefined;
  /** Delay before the first retry, doubled after each (default 50 ms). */
  readonly retryDelayMs?: number | undefined;
  /** Shown in `pg_stat_activity` (default `weft`). */
  readonly applicationName?: string | undefined;
  /**
   * The password, overriding the URL's; a function is called for every new connection, for
   * short-lived credentials such as RDS IAM authentication tokens. Never logged or stored.
   */
  readonly password?: string | (() => string | Promise<string>) | undefined;
  /** TLS settings passed to node-postgres (`true`, or `{ ca, rejectUnauthorized }`); or `?sslmode=` in the URL. */
  readonly ssl?: boolean | { readonly ca?: string | undefined; readonly rejectUnauthorized?: boolean | undefined } | undefined;
}

/** An open PostgreSQL store: the three core ports over one connection pool. */
export interface PostgresStore {
  readonly turns: TurnStoreShape;
  readonly jobs: PostgresJobStore & JobStoreShape;
  readonly snapshots: SnapshotStoreShape;
  /** `host:port/database`, without credentials. */
  readonly where: string;
  /** The connection settings, for opening listeners (see `listenTurnEvents`). */
  readonly options: PostgresStoreOptions;
  /** Closes the pool; later calls fail with `StorageError`. Idempotent. */
  close(): Promise<void>;
}

/** Defaults of {@link PostgresStoreOptions}. */
export const postgresStoreDefaults = {
  poolSize: 10,
  statementTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  retries: 2,
  retryDelayMs: 50,
} as const;

function checkUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    throw new StorageError({
      operation: 'open',
      detail: 'the connection URL is not a postgres:// URL; pass postgres://user:password@host:port/database',
    });
  }
}

function connect(options: PostgresStoreOptions): { connection: Connection; context: RunContext } {
  checkUrl(options.url);
  const statementTimeoutMs = options.statementTimeoutMs ?? postgresStoreDefaults.statementTimeoutMs;
  const connection = openPool({
    connectionString: options.url,
    max: options.poolSize ?? postgresStoreDefaults.poolSize,
    statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? postgresStoreDefaults.connectTimeoutMs,
    applicationName: options.applicationName ?? 'weft',
    password: options.password,
    ssl: options.ssl,
  });
  const context: RunContext = {
    where: describeTarget(options.url),
    statementTimeoutMs,
    retries: Math.max(0, options.retries ?? postgresStoreDefaults.retries),
    retryDelayMs: Math.max(0, options.retryDelayMs ?? postgresStoreDefaults.retryDelayMs),
  };
  return { connection, context };
}

/**
 * Opens a PostgreSQL database as a Weft store: a connection pool with a statement timeout on every
 * session, and the schema migrated (under an advisory lock, so many processes may start at once).
 *
 * @throws StorageError when the server cannot be reached, refuses the credentials, the database is
 *   missing, was migrated by a newer Weft, or (with `migrate: false`) is not migrated yet.
 * @example
 * ```ts
 * const store = await openPostgresStore({ url: process.env.DATABASE_URL! });
 * await Effect.runPromise(store.turns.createConversation({ id: 'conv_1', createdAt: Date.now() }));
 * await store.close();
 * ```
 * @since 0.1.0
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { connection, context } = connect(options);
  try {
    await prepareSchema(connection, migrationsFolder, options.migrate ?? true, context.where);
  } catch (error) {
    await connection.pool.end().catch(() => undefined);
    throw toStorageError('open', error, context);
  }
  let closed: Promise<void> | undefined;
  return {
    turns: makePostgresTurnStore(connection, context),
    jobs: makePostgresJobStore(connection, context),
    snapshots: makePostgresSnapshotStore(connection, context),
    where: context.where,
    options,
    close: () => (closed ??= connection.pool.end().catch(() => undefined)),
  };
}

/** What {@link migratePostgresStore} and {@link checkPostgresMigrations} found (tags as shipped in `drizzle/`). */
export interface PostgresMigrationReport {
  /** `host:port/database`, without credentials. */
  readonly where: string;
  /** Migrations the database already had before this call, oldest first. */
  readonly alreadyApplied: readonly string[];
  /** Migrations this call applied (always empty for a check). */
  readonly applied: readonly string[];
  /** Migrations the database still lacks (empty after a migration). */
  readonly pending: readonly string[];
}

/** The options a migration or check uses: where, and how long to wait. */
export type PostgresMigrationOptions = Pick<
  PostgresStoreOptions,
  'url' | 'statementTimeoutMs' | 'connectTimeoutMs' | 'password' | 'ssl'
>;

/**
 * Applies pending migrations (under the advisory lock, so it is safe beside starting processes) and
 * says which; for deployments that run schema changes as a separate step and open stores with
 * `migrate: false`. The CLI's `weft migrate` runs it.
 *
 * @throws StorageError as {@link openPostgresStore}; messages never carry the password.
 * @since 0.1.0
 */
export async function migratePostgresStore(options: PostgresMigrationOptions): Promise<PostgresMigrationReport> {
  const { connection, context } = connect({ ...options, poolSize: 1 });
  try {
    const before = await prepareSchema(connection, migrationsFolder, true, context.where);
    return { where: context.where, alreadyApplied: before.applied, applied: before.pending, pending: [] };
  } catch (error) {
    throw toStorageError('migrate', error, context);
  } finally {
    await connection.pool.end().catch(() => undefined);
  }
}

/**
 * Reports which migrations the database lacks without changing anything (`weft migrate --check`).
 *
 * @throws StorageError when the server cannot be reached or the database was migrated by a newer Weft.
 * @since 0.1.0
 */
export async function checkPostgresMigrations(options: PostgresMigrationOptions): Promise<PostgresMigrationReport> {
  const { connection, context } = connect({ ...options, poolSize: 1 });
  try {
    const state = await inspectSchema(connection, migrationsFolder, context.where);
    return { where: context.where, alreadyApplied: state.applied, applied: [], pending: state.pending };
  } catch (error) {
    throw toStorageError('check migrations', error, context);
  } finally {
    await connection.pool.end().catch(() => undefined);
  }
}

/**
 * {@link openPostgresStore} as an Effect: fails with `StorageError` instead of rejecting.
 *
 * @since 0.1.0
 */
export function makePostgresStore(options: PostgresStoreOptions): Effect.Effect<PostgresStore, StorageError> {
  return Effect.tryPromise({
    try: () => openPostgresStore(options),
    catch: (error) =>
      error instanceof StorageError
        ? error
        : new StorageError({ operation: 'open', detail: 'the store could not be opened; check the URL' }),
  });
}
