/**
 * Scratch databases on a server: created with a unique name, dropped when done. For tests and
 * benchmarks that need a fresh, empty store each.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database created for one test or run. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, ending any session still connected to it. Idempotent. */
  drop(): Promise<void>;
}

/** Runs one statement on a short-lived admin connection. */
async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of `database` on the server `serverUrl` points at. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates an empty database (a copy of `template` when given, for example an already migrated
 * one) on the server of `serverUrl`, which must allow `CREATE DATABASE`.
 *
 * @since 0.1.0
 */
export async function createScratchDatabase(
  serverUrl: string,
  options: { readonly template?: string | undefined; readonly prefix?: string | undefined } = {},
): Promise<ScratchDatabase> {
  const name = `${options.prefix ?? 'weft_scratch'}_${randomBytes(6).toString('hex')}`;
  const template = options.template === undefined ? '' : ` TEMPLATE "${options.template.replaceAll('"', '""')}"`;
  await admin(serverUrl, `CREATE DATABASE "${name}"${template}`);
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => (dropped ??= admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
