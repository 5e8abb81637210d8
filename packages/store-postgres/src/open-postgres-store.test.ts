import { StorageError } from '@weft/core';
import { Effect, Result } from 'effect';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgresStore, openPostgresStore, type PostgresStore } from './open-postgres-store.js';
import { requireServer, serverUrl, template } from './test-server.js';
import { createScratchDatabase, databaseUrl, type ScratchDatabase } from './testing.js';

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
async function failureOf<E>(effect: Effect.Effect<unknown, E>): Promise<E> {
  const result = await Effect.runPromise(Effect.result(effect));
  if (Result.isFailure(result)) return result.failure;
  throw new Error('expected a failure');
}
async function openFailure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof StorageError)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

describe.skipIf(serverUrl === null)('opening and failing', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function scratch(useTemplate = true): Promise<ScratchDatabase> {
    const database = await createScratchDatabase(requireServer(), useTemplate ? { template } : {});
    cleanup.push(() => database.drop());
    return database;
  }
  async function open(url: string, options: Partial<Parameters<typeof openPostgresStore>[0]> = {}): Promise<PostgresStore> {
    const store = await openPostgresStore({ url, poolSize: 3, ...options });
    cleanup.push(() => store.close());
    return store;
  }
  async function admin(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanup.push(() => client.end());
    return client;
  }

  it('migrates an empty database on open, and a second open (another process) finds it current', async () => {
    const database = await scratch(false);
    const [a, b] = await Promise.all([open(database.url), open(database.url)]);
    await run(a.turns.createConversation({ id: 'conv_1', createdAt: 1 }));
    expect((await run(b.turns.getConversation('conv_1'))).version).toBe(0);
  });

  it('with migrate: false, refuses an unmigrated database until migratePostgresStore ran', async () => {
    const database = await scratch(false);
    const error = await openFailure(open(database.url, { migrate: false }));
    expect(error.detail).toMatch(/run migratePostgresStore/);
    await migratePostgresStore({ url: database.url });
    const store = await open(database.url, { migrate: false });
    expect((await run(store.turns.listConversations())).items).toEqual([]);
  });

  it('refuses a database migrated by a newer build, without changing it', async () => {
    const database = await scratch();
    const client = await admin(database.url);
    await client.query(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', $1)`, [
      Date.UTC(2099, 0, 1),
    ]);
    const error = await openFailure(open(database.url));
    expect(error.detail).toMatch(/migrated by a newer Weft.*upgrade @weft\/store-postgres/);
    expect((await client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0]).toEqual({ n: 2 });
  });

  it('names a bad URL, a missing database and an unreachable server, never the password', async () => {
    expect((await openFailure(open('mysql://x@localhost/db'))).detail).toMatch(/not a postgres:\/\/ URL/);
    const missing = databaseUrl(requireServer(), 'weft_no_such_db').replace('weft@', 'weft:sekret-pw@');
    const noDatabase = await openFailure(open(missing));
    expect(noDatabase.detail).toMatch(/weft_no_such_db does not exist/);
    const closedPort = 'postgres://weft:sekret-pw@127.0.0.1:1/weft';
    const unreachable = await openFailure(open(closedPort, { retries: 1, retryDelayMs: 1 }));
    expect(unreachable.detail).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    for (const error of [noDatabase, unreachable]) {
      expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(/sekret/);
    }
  });

  it('cancels a statement past the statement timeout with a StorageError that says so', async () => {
    const database = await scratch();
    const store = await open(database.url, { statementTimeoutMs: 300 });
    await run(store.turns.createConversation({ id: 'conv_1', createdAt: 1 }));
    const locker = await admin(database.url);
    await locker.query('BEGIN');
    await locker.query(`SELECT * FROM conversations WHERE id = 'conv_1' FOR UPDATE`);
    const error = await failureOf(store.turns.setHead('conv_1', 0, null, 2));
    await locker.query('ROLLBACK');
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).detail).toMatch(/statement timeout \(300 ms\)/);
    expect((await run(store.turns.getConversation('conv_1'))).version).toBe(0);
  });

  it('recovers from killed connections, and reports a write cut off mid-statement as of unknown outcome', async () => {
    const database = await scratch();
    const store = await open(database.url, { applicationName: 'weft-victim' });
    await run(store.turns.createConversation({ id: 'conv_1', createdAt: 1 }));
    const client = await admin(database.url);
    const killAll = () =>
      client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'weft-victim'`);
    await killAll();
    // Idle connections that died are replaced: reads and writes go on.
    expect((await run(store.turns.getConversation('conv_1'))).id).toBe('conv_1');
    await run(store.turns.setHead('conv_1', 0, null, 2));
    // A write waiting on a lock when its connection is killed is not re-sent.
    await client.query('BEGIN');
    await client.query(`SELECT * FROM conversations WHERE id = 'conv_1' FOR UPDATE`);
    const pending = failureOf(store.turns.setHead('conv_1', 1, null, 3));
    for (let i = 0; i < 200; i++) {
      const waiting = await client.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'weft-victim' AND wait_event_type = 'Lock'`,
      );
      if (waiting.rowCount === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await killAll();
    const error = await pending;
    await client.query('ROLLBACK');
    expect((error as StorageError).detail).toMatch(/connection to .* was lost .* may or may not have been applied/);
    expect((await run(store.turns.getConversation('conv_1'))).version).toBe(1);
  });

  it('fails with StorageError after close', async () => {
    const database = await scratch();
    const store = await open(database.url);
    await store.close();
    const error = await failureOf(store.turns.listConversations());
    expect(error.detail).toMatch(/store is closed/);
  });
});
