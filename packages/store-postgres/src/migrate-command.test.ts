import { InvalidConfig, StorageError } from '@weft/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from './internal/connection.js';
import { runMigrateCommand } from './migrate-command.js';
import { openPostgresStore } from './open-postgres-store.js';
import { requireServer, serverUrl, template } from './test-server.js';
import { createScratchDatabase, databaseUrl, type ScratchDatabase } from './testing.js';

const password = 'migrate-sekret-pw';
/** Every migration this build ships, oldest first. */
const shipped = readJournal(new URL('../drizzle', import.meta.url).pathname).entries.map((e) => e.tag);

/** The URL with a password added (the throwaway server trusts loopback, so it is accepted and unused). */
const withPassword = (url: string) => url.replace('weft@', `weft:${password}@`);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
}

describe.skipIf(serverUrl === null)('weft migrate (runMigrateCommand)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function scratch(useTemplate: boolean): Promise<ScratchDatabase> {
    const database = await createScratchDatabase(requireServer(), useTemplate ? { template } : {});
    cleanup.push(() => database.drop());
    return database;
  }

  it('--check on an empty database lists every migration as pending, exits 1 and changes nothing', async () => {
    const database = await scratch(false);
    const url = withPassword(database.url);
    const checked = await runMigrateCommand({ databaseUrl: url, check: true });
    expect(checked.exitCode).toBe(1);
    expect(checked.report).toMatchObject({ alreadyApplied: [], applied: [], pending: shipped });
    expect(checked.lines[0]).toContain(`${shipped.length} pending migrations`);
    expect(checked.lines.slice(1)).toEqual(shipped.map((tag) => `pending ${tag}`));
    expect(checked.lines.join('\n')).not.toContain(password);
    // Still unmigrated: a store that may not migrate refuses it.
    await expect(openPostgresStore({ url, migrate: false })).rejects.toMatchObject({ _tag: 'StorageError' });
  });

  it('applies the pending migrations once, reads the URL from WEFT_DATABASE_URL, then --check passes', async () => {
    const database = await scratch(false);
    const env = { WEFT_DATABASE_URL: withPassword(database.url) };
    const migrated = await runMigrateCommand({ env });
    expect(migrated.exitCode).toBe(0);
    expect(migrated.report).toMatchObject({ alreadyApplied: [], applied: shipped, pending: [] });
    expect(migrated.lines).toEqual([
      ...shipped.map((tag) => `applied ${tag}`),
      `${migrated.report.where}: ${shipped.length} migrations applied; up to date`,
    ]);
    expect(migrated.report.where).toMatch(/^127\.0\.0\.1:\d+\/weft_scratch_/);
    expect(migrated.lines.join('\n')).not.toContain(password);

    const again = await runMigrateCommand({ env });
    expect(again.report).toMatchObject({ alreadyApplied: shipped, applied: [], pending: [] });
    expect(again.lines).toEqual([`${again.report.where}: already up to date (${shipped.length} migrations applied)`]);
    const checked = await runMigrateCommand({ env, check: true });
    expect(checked.exitCode).toBe(0);
    expect(checked.lines[0]).toContain('up to date');

    const store = await openPostgresStore({ url: database.url, migrate: false });
    cleanup.push(() => store.close());
  });

  it('--database-url wins over WEFT_DATABASE_URL', async () => {
    const database = await scratch(true);
    const outcome = await runMigrateCommand({
      databaseUrl: database.url,
      env: { WEFT_DATABASE_URL: 'postgres://weft@127.0.0.1:1/nowhere' },
      check: true,
    });
    expect(outcome).toMatchObject({ exitCode: 0, report: { pending: [], alreadyApplied: shipped } });
  });

  it('refuses without a URL (InvalidConfig), and never shows the password of a failing one', async () => {
    const none = await failure(runMigrateCommand({ env: {} }));
    expect(none).toBeInstanceOf(InvalidConfig);
    expect((none as InvalidConfig).message).toContain('WEFT_DATABASE_URL');

    const missing = withPassword(databaseUrl(requireServer(), 'weft_no_such_db'));
    const noDatabase = await failure(runMigrateCommand({ databaseUrl: missing }));
    expect(noDatabase).toBeInstanceOf(StorageError);
    expect((noDatabase as StorageError).message).toMatch(/weft_no_such_db does not exist/);

    const closedPort = `postgres://weft:${password}@127.0.0.1:1/weft`;
    const unreachable = await failure(runMigrateCommand({ databaseUrl: closedPort, check: true, connectTimeoutMs: 2000 }));
    expect(unreachable).toBeInstanceOf(StorageError);
    for (const error of [noDatabase, unreachable] as StorageError[]) {
      expect(`${error.message} ${error.detail} ${JSON.stringify(error)} ${error.stack ?? ''}`).not.toContain(password);
    }
  });
});
