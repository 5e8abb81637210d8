import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPostgresMigrator, migrateCommand, type PostgresMigrator } from './commands/migrate.js';
import { CliFailure, UsageError } from './errors.js';
import { main } from './program.js';

// The migration itself (`runMigrateCommand` of @weft/store-postgres) is tested against a real
// server in that package; here: the command line around it.

const password = 'cli-sekret-pw';

/** A migrator that records what it was asked and answers `outcome`. */
function recording(outcome: Awaited<ReturnType<PostgresMigrator['runMigrateCommand']>>) {
  const calls: Parameters<PostgresMigrator['runMigrateCommand']>[0][] = [];
  const migrator: PostgresMigrator = {
    runMigrateCommand: (input) => {
      calls.push(input);
      return Promise.resolve(outcome);
    },
  };
  return { migrator, calls };
}

/** Runs `weft migrate <args>` with `migrator`; resolves with what it printed and its exit code. */
async function migrate(
  args: readonly string[],
  migrator: PostgresMigrator,
  env: NodeJS.ProcessEnv = {},
) {
  let stdout = '';
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  process.exitCode = undefined;
  try {
    const command = migrateCommand(() => Promise.resolve(migrator), env).exitOverride();
    await command.parseAsync([...args], { from: 'user' });
    return { stdout, exitCode: process.exitCode ?? 0 };
  } finally {
    write.mockRestore();
    process.exitCode = undefined;
  }
}

const report = {
  where: '127.0.0.1:5432/app',
  alreadyApplied: [],
  applied: ['0000_init'],
  pending: [],
};

describe('weft migrate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('passes --database-url and the environment on, prints the lines, exits 0', async () => {
    const { migrator, calls } = recording({
      exitCode: 0,
      lines: ['applied 0000_init', '127.0.0.1:5432/app: 1 migrations applied; up to date'],
      report,
    });
    const url = `postgres://app:${password}@127.0.0.1:5432/app`;
    const env = { WEFT_DATABASE_URL: 'postgres://other@127.0.0.1/other' };
    const result = await migrate(['--database-url', url], migrator, env);
    expect(calls).toEqual([{ databaseUrl: url, env, check: false }]);
    expect(result).toEqual({
      stdout: 'applied 0000_init\n127.0.0.1:5432/app: 1 migrations applied; up to date\n',
      exitCode: 0,
    });
  });

  it('--check exits with the code the check gave (1: pending), --json prints the report', async () => {
    const pending = { ...report, applied: [], pending: ['0000_init'] };
    const { migrator, calls } = recording({
      exitCode: 1,
      lines: [
        '127.0.0.1:5432/app: 1 pending migrations; run weft migrate to apply them',
        'pending 0000_init',
      ],
      report: pending,
    });
    const env = { WEFT_DATABASE_URL: `postgres://app:${password}@127.0.0.1:5432/app` };
    const text = await migrate(['--check'], migrator, env);
    expect(calls[0]).toMatchObject({ databaseUrl: undefined, check: true });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('pending 0000_init');
    const asJson = await migrate(['--check', '--json'], migrator, env);
    expect(JSON.parse(asJson.stdout)).toEqual(pending);
    expect(asJson.exitCode).toBe(1);
    expect(text.stdout + asJson.stdout).not.toContain(password);
  });

  it('refuses without a URL as a usage error (exit 2), before loading anything', async () => {
    const { migrator, calls } = recording({ exitCode: 0, lines: [], report });
    await expect(migrate([], migrator, { WEFT_DATABASE_URL: '  ' })).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(calls).toEqual([]);
    const saved = process.env['WEFT_DATABASE_URL'];
    delete process.env['WEFT_DATABASE_URL'];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['migrate'])).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('WEFT_DATABASE_URL');
    } finally {
      stderr.mockRestore();
      if (saved !== undefined) process.env['WEFT_DATABASE_URL'] = saved;
    }
  });

  it('says how to install @weft/store-postgres when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@weft/store-postgres'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const failure = await loadPostgresMigrator(() => Promise.reject(missing)).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CliFailure);
    expect((failure as CliFailure).message).toMatch(/npm install @weft\/store-postgres/);
    const other = new Error('boom');
    await expect(loadPostgresMigrator(() => Promise.reject(other))).rejects.toBe(other);
  });
});
