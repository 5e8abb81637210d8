/**
 * Helpers for tests and benchmarks that use the PostgreSQL store: a throwaway server, scratch
 * databases, and a fixture for `@weft/core/testing`'s store conformance suite.
 *
 * @module
 */
import type { StoreContender, StoreFixture } from '@weft/core/testing';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './open-postgres-store.js';
import pg from 'pg';
import { createScratchDatabase, databaseUrl, type ScratchDatabase } from './scratch-database.js';

export {
  findPostgresBinaries,
  installHint,
  startThrowawayPostgres,
  type ThrowawayPostgres,
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
const emptyTables = 'DELETE FROM turn_events; DELETE FROM conversations; DELETE FROM turns; DELETE FROM jobs; DELETE FROM snapshots;';

/**
 * Fixtures for the store conformance suite: one scratch database for the whole file (creating a
 * database costs about a second), emptied before each test (a few milliseconds).
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
  let database: Promise<ScratchDatabase> | undefined;
  return {
    fixture: async () => {
      const { url } = await (database ??= createScratchDatabase(serverUrl, { template }));
      const store = await openPostgresStore({ ...storeOptions, url });
      const others: PostgresStore[] = [];
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(emptyTables);
      } finally {
        await client.end();
      }
      return {
        turns: store.turns,
        jobs: store.jobs,
        snapshots: store.snapshots,
        close: async () => {
          await Promise.all([...others.map((other) => other.close()), store.close()]);
        },
        contender: async (): Promise<StoreContender> => {
          const other = await openPostgresStore({ ...storeOptions, url });
          others.push(other);
          return { turns: other.turns, jobs: other.jobs };
        },
      };
    },
    dispose: async () => {
      if (database !== undefined) await (await database).drop();
    },
  };
}
