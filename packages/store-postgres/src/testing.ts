/**
 * Helpers for tests and benchmarks that use the PostgreSQL store: a throwaway server, scratch
 * databases, and a fixture for `@weft/core/testing`'s store conformance suite.
 *
 * @module
 */
import type { StoreFixture } from '@weft/core/testing';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './open-postgres-store.js';
import pg from 'pg';
import { createScratchDatabase, databaseUrl, type ScratchDatabase } from './scratch-database.js';

export {
  findPostgresBinaries,
  installHint,
  startThrowawayPostgres,
  type ThrowawayPostgres,
  type ThrowawayPostgresOptions,
} from './throwaway-postgres.js';
export { createScratchDatabase, databaseUrl, type ScratchDatabase } from './scratch-database.js';

/** A store on its own scratch database. */
export interface ScratchPostgresStore extends PostgresStore {
  readonly database: ScratchDatabase;
  /** Opens another pool on the same database (closed by `dispose`). */
  reopen(options?: Omit<PostgresStoreOptions, 'url'>): Promise<PostgresStore>;
  /** Closes every pool opened here and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Opens a store on a fresh database of the server at `serverUrl`.
 *
 * @example
 * ```ts
 * const store = await makeScratchPostgresStore(server.url);
 * try { … } finally { await store.dispose(); }
 * ```
 * @since 0.1.0
 */
export async function makeScratchPostgresStore(
  serverUrl: string,
  options: Omit<PostgresStoreOptions, 'url'> & { readonly template?: string | undefined } = {},
): Promise<ScratchPostgresStore> {
  const { template, ...storeOptions } = options;
  const database = await createScratchDatabase(serverUrl, { template });
  const store = await openPostgresStore({ ...storeOptions, url: database.url }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const others: PostgresStore[] = [];
  return {
    ...store,
    database,
    reopen: async (more = {}) => {
      const other = await openPostgresStore({ ...storeOptions, ...more, url: database.url });
      others.push(other);
      return other;
    },
    dispose: async () => {
      await Promise.all([...others.map((other) => other.close()), store.close()]);
      await database.drop();
    },
  };
}

/**
 * Creates a migrated database named `name` to copy scratch databases from (`template` option):
 * copying is faster than migrating each one.
 *
 * @since 0.1.0
 */
export async function createTemplateDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const store = await openPostgresStore({ url: databaseUrl(serverUrl, name), poolSize: 1 });
  await store.close();
}

/** Fixtures for one test file: one database, emptied before every test. */
export interface PostgresFixtures {
  /** A conformance-suite fixture on the emptied database, with a contender on a second pool. */
  readonly fixture: () => Promise<StoreFixture>;
  /** Drops the database. Call once, after the file's tests. */
  dispose(): Promise<void>;
}

/** Every table, children first, so deleting in this order never trips a foreign key. */
const emptyTables =
  'DELETE FROM turn_events; DELETE FROM conversations; DELETE FROM turns; DELETE FROM jobs; DELETE FROM snapshots;';

interface Opened {
  readonly database: ScratchDatabase;
  readonly store: PostgresStore;
  readonly contender: PostgresStore;
  readonly admin: pg.Client;
}

/**
 * Fixtures for the store conformance suite: one scratch database and two open pools for the whole
 * file (creating a database and connecting cost far more than a test), emptied before each test.
 *
 * @example
 * ```ts
 * const fixtures = postgresFixtures(server.url);
 * afterAll(() => fixtures.dispose());
 * describeStoreConformance('postgres', fixtures.fixture);
 * ```
 * @since 0.1.0
 */
export function postgresFixtures(
  serverUrl: string,
  options: Omit<PostgresStoreOptions, 'url'> & { readonly template?: string | undefined } = {},
): PostgresFixtures {
  const { template, ...storeOptions } = options;
  const open = async (): Promise<Opened> => {
    const database = await createScratchDatabase(serverUrl, { template });
    const store = await openPostgresStore({ ...storeOptions, url: database.url });
    const contender = await openPostgresStore({ ...storeOptions, url: database.url });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    return { database, store, contender, admin };
  };
  let opened: Promise<Opened> | undefined;
  return {
    fixture: async () => {
      const { store, contender, admin } = await (opened ??= open());
      await admin.query(emptyTables);
      return {
        turns: store.turns,
        jobs: store.jobs,
        snapshots: store.snapshots,
        contender: () => Promise.resolve({ turns: contender.turns, jobs: contender.jobs }),
      };
    },
    dispose: async () => {
      if (opened === undefined) return;
      const { database, store, contender, admin } = await opened;
      await Promise.all([store.close(), contender.close(), admin.end()]);
      await database.drop();
    },
  };
}
