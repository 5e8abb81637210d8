import { Command } from 'commander';
import { CliFailure, UsageError } from '../errors.js';
import { printJson } from '../output/json.js';
import { optionsOf } from './shared.js';

/** What `@weft/store-postgres`'s `runMigrateCommand` resolves with (the part printed here). */
export interface MigrateOutcome {
  readonly exitCode: number;
  readonly lines: readonly string[];
  readonly report: unknown;
}

/**
 * The part of `@weft/store-postgres` this command uses. It is loaded on demand, so installs that
 * only use SQLite carry no PostgreSQL driver.
 */
export interface PostgresMigrator {
  runMigrateCommand(input: {
    readonly databaseUrl?: string | undefined;
    readonly env?: Readonly<Record<string, string | undefined>> | undefined;
    readonly check?: boolean | undefined;
  }): Promise<MigrateOutcome>;
}

const storePackage = '@weft/store-postgres';

/** Loads `@weft/store-postgres` with `importModule` (default: `import`), or says how to install it. */
export async function loadPostgresMigrator(
  importModule: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<PostgresMigrator> {
  try {
    // A variable specifier: the package is optional, resolved where the CLI runs.
    return (await importModule(storePackage)) as PostgresMigrator;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliFailure(
        `weft migrate needs ${storePackage} installed beside @weft/cli; install it (npm install ${storePackage}) and run again`,
      );
    }
    throw error;
  }
}

/**
 * `weft migrate`: applies pending PostgreSQL migrations ahead of deployment (for stores opened with
 * `migrate: false`), or with `--check` only reports them and exits 1 when any are pending. The
 * work and its messages are `runMigrateCommand` of `@weft/store-postgres`; they never show the
 * password.
 */
export function migrateCommand(
  load: () => Promise<PostgresMigrator> = () => loadPostgresMigrator(),
  env: NodeJS.ProcessEnv = process.env,
): Command {
  return new Command('migrate')
    .description(
      'apply pending PostgreSQL schema migrations (or --check for pending ones) to $WEFT_DATABASE_URL or --database-url',
    )
    .option(
      '--database-url <url>',
      'postgres://user:password@host:port/database (default: $WEFT_DATABASE_URL)',
    )
    .option('--check', 'apply nothing; exit 1 when migrations are pending')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, command: Command) => {
      const options = optionsOf<{ databaseUrl?: string; check?: boolean; json?: boolean }>(command);
      if ((options.databaseUrl ?? env['WEFT_DATABASE_URL'] ?? '').trim() === '') {
        throw new UsageError(
          'weft migrate needs a database: pass --database-url postgres://user:password@host:port/database or set WEFT_DATABASE_URL.',
        );
      }
      const migrator = await load();
      const outcome = await migrator.runMigrateCommand({
        databaseUrl: options.databaseUrl,
        env,
        check: options.check ?? false,
      });
      if (options.json === true) printJson(outcome.report);
      else process.stdout.write(outcome.lines.map((line) => `${line}\n`).join(''));
      if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
    });
}
