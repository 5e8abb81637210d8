/**
 * A throwaway PostgreSQL server for tests and benchmarks: a fresh data directory, a free loopback
 * port and a private socket directory, removed again on `stop`. Uses the server binaries installed
 * on the machine (Debian's `postgresql` package puts them in `/usr/lib/postgresql/<version>/bin`).
 *
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running throwaway server. */
export interface ThrowawayPostgres {
  /** `postgres://weft@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  /** A URL naming another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** How to install the server when no binaries are found. */
export const installHint =
  'PostgreSQL server binaries were not found; install them (Debian/Ubuntu: apt-get install postgresql) or put initdb and pg_ctl on PATH';

/** The directory holding `initdb`, `pg_ctl` and `postgres`, newest version first; undefined if none. */
export function findPostgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found === '' ? undefined : join(found, '..');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: run its binaries as the `postgres` user then. */
function runAs(): { readonly uid: number; readonly gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function command(user: ReturnType<typeof runAs>, bin: string, args: readonly string[]) {
  return user === undefined
    ? { file: bin, args: [...args] }
    : { file: 'runuser', args: ['-u', 'postgres', '--', bin, ...args] };
}

function exec(user: ReturnType<typeof runAs>, bin: string, args: readonly string[]): void {
  const { file, args: all } = command(user, bin, args);
  const result = spawnSync(file, all, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${bin} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Server settings of every instance. */
const settings = ['listen_addresses=127.0.0.1', 'max_connections=300', 'shared_buffers=64MB'];
/** Durability off, for tests: the data is thrown away anyway. */
const fastSettings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

/** Options of {@link startThrowawayPostgres}. */
export interface ThrowawayPostgresOptions {
  /**
   * Keep the server's default durability (fsync on every commit), as a production server has:
   * for benchmarks. Default false: fsync off, for tests.
   */
  readonly durable?: boolean | undefined;
}

/**
 * Starts a throwaway server: `initdb` into a temp directory, `pg_ctl start` on a free loopback
 * port. Durability is off unless `durable` is set; either way it is fit for tests and benchmarks only.
 *
 * @throws Error with {@link installHint} when no binaries are installed.
 * @example
 * ```ts
 * const server = await startThrowawayPostgres();
 * try { … server.url … } finally { await server.stop(); }
 * ```
 * @since 0.1.0
 */
export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const bin = findPostgresBinaries();
  if (bin === undefined) throw new Error(installHint);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'weft-pg-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socket, { mode: 0o700 });
  if (user !== undefined) {
    chmodSync(dir, 0o755);
    for (const path of [dir, data, socket]) chownSync(path, user.uid, user.gid);
  }
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  let running = false;
  const stop = async (): Promise<void> => {
    if (running) {
      running = false;
      try {
        exec(user, pgCtl, ['stop', '-D', data, '-m', 'fast', '-w']);
      } catch {
        // Already gone: the directory is removed below either way.
      }
    }
    await Promise.resolve();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    exec(user, join(bin, 'initdb'), ['-D', data, '-U', 'weft', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    const server = [...settings, ...(options.durable === true ? [] : fastSettings)];
    const serverArgs = [`-p ${port}`, `-k ${socket}`, ...server.map((s) => `-c ${s}`)].join(' ');
    exec(user, pgCtl, ['start', '-D', data, '-l', join(dir, 'server.log'), '-o', serverArgs, '-w', '-t', '60']);
    running = true;
    const urlFor = (database: string) => `postgres://weft@127.0.0.1:${port}/${database}`;
    await waitUntilReady(urlFor('postgres'));
    return { url: urlFor('postgres'), port, urlFor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
