/**
 * The work of `weft migrate`, beside the store it migrates: find the database URL, migrate (or only
 * check), and say what happened in lines that never carry credentials.
 *
 * @module
 */
import { InvalidConfig } from '@weft/core';
import {
  checkPostgresMigrations,
  migratePostgresStore,
  type PostgresMigrationReport,
} from './open-postgres-store.js';

/** The environment variable `weft migrate` reads the URL from when `--database-url` is not given. */
export const databaseUrlVariable = 'WEFT_DATABASE_URL';

/** Input of {@link runMigrateCommand}. */
export interface MigrateCommandInput {
  /** `--database-url`; wins over the environment. */
  readonly databaseUrl?: string | undefined;
  /** Where `WEFT_DATABASE_URL` is read (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Only report pending migrations; apply nothing. */
  readonly check?: boolean | undefined;
  /** How long to wait for a connection, ms (default: the store's). */
  readonly connectTimeoutMs?: number | undefined;
}

/** What {@link runMigrateCommand} found and did. */
export interface MigrateCommandOutcome {
  readonly report: PostgresMigrationReport;
  /** 0, or 1 when a check found pending migrations. */
  readonly exitCode: 0 | 1;
  /** What to print, one line each, without credentials. */
  readonly lines: readonly string[];
}

function resolveUrl(input: MigrateCommandInput): string {
  const given = input.databaseUrl ?? (input.env ?? process.env)[databaseUrlVariable];
  if (given === undefined || given.trim() === '') {
    throw new InvalidConfig({
      path: '--database-url',
      problem: `no database URL; pass --database-url postgres://user:password@host:port/database or set ${databaseUrlVariable}`,
    });
  }
  return given.trim();
}

function describe(report: PostgresMigrationReport, check: boolean): string[] {
  const lines: string[] = [];
  if (check) {
    if (report.pending.length === 0) {
      lines.push(`${report.where}: up to date (${report.alreadyApplied.length} migrations applied)`);
    } else {
      lines.push(`${report.where}: ${report.pending.length} pending migrations; run weft migrate to apply them`);
      for (const tag of report.pending) lines.push(`pending ${tag}`);
    }
    return lines;
  }
  if (report.applied.length === 0) {
    lines.push(`${report.where}: already up to date (${report.alreadyApplied.length} migrations applied)`);
  } else {
    for (const tag of report.applied) lines.push(`applied ${tag}`);
    lines.push(`${report.where}: ${report.applied.length} migrations applied; up to date`);
  }
  return lines;
}

/**
 * Migrates the PostgreSQL database named by `databaseUrl` or `WEFT_DATABASE_URL` (pending
 * migrations, under the advisory lock), or with `check` only reports what is pending; exit code 1
 * when a check finds migrations pending. Output and errors name the database as
 * `host:port/database`, never the user or password.
 *
 * @throws InvalidConfig — no URL given
 * @throws StorageError — unreachable server, refused credentials, missing database, newer schema
 * @since 0.1.0
 * @example
 * ```ts
 * const { lines, exitCode } = await runMigrateCommand({ check: true });
 * for (const line of lines) console.log(line);
 * process.exitCode = exitCode;
 * ```
 */
export async function runMigrateCommand(input: MigrateCommandInput): Promise<MigrateCommandOutcome> {
  const url = resolveUrl(input);
  const check = input.check ?? false;
  const options = { url, connectTimeoutMs: input.connectTimeoutMs };
  const report = check ? await checkPostgresMigrations(options) : await migratePostgresStore(options);
  return {
    report,
    exitCode: check && report.pending.length > 0 ? 1 : 0,
    lines: describe(report, check),
  };
}
