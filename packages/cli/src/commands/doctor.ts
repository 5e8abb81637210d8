import { existsSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { resolveDbPath, resolveEndpoint, type Endpoint, type GlobalOptions } from '../context.js';
import { describeError, run, tagOf } from '../errors.js';
import { out } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { withProgress } from '../output/spinner.js';

/** One finding of `weft doctor`. */
export interface Check {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** What to do, when the check is not ok. */
  readonly fix?: string | undefined;
}

/** `weft doctor`: configuration, endpoint reachability, the profile's capabilities, the database. */
export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      'check the configuration, the endpoint, its capabilities and the database, with a fix for each problem',
    )
    .option('--json', 'print JSON')
    .action(async (_o: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const checks: Check[] = [];
      let endpoint: Endpoint | undefined;
      try {
        endpoint = await resolveEndpoint(options);
        checks.push({
          name: 'configuration',
          status: 'ok',
          detail: `${endpoint.kind} endpoint (${endpoint.reason}); model ${endpoint.model}; auth ${endpoint.auth}`,
        });
      } catch (error) {
        checks.push({
          name: 'configuration',
          status: 'fail',
          detail: describeError(error),
          fix: configFix(error),
        });
      }
      if (endpoint !== undefined) {
        const ep = endpoint;
        checks.push(await withProgress(`reaching ${ep.baseURL}`, () => reach(ep)));
        const caps = Object.entries(ep.profile.capabilities);
        const missing = caps.filter(([, v]) => !v).map(([k]) => k);
        checks.push({
          name: 'capabilities',
          status: missing.length === 0 ? 'ok' : 'warn',
          detail: `profile ${ep.profile.name}: ${caps.map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ')}`,
          fix:
            missing.length === 0
              ? undefined
              : `not supported here: ${missing.join(', ')}; Weft refuses such plans before any request (use execution 'stream' or 'blocking', context 'local')`,
        });
        await ep.close();
      }
      checks.push(await database(options));
      if (options.json === true)
        printJson({ ok: checks.every((c) => c.status !== 'fail'), checks });
      else print(checks);
      if (checks.some((c) => c.status === 'fail')) process.exitCode = 1;
    });
}

function configFix(error: unknown): string {
  switch (tagOf(error)) {
    case 'UnknownRegion':
      return 'set AWS_REGION to one of the regions the message lists';
    case 'UnsupportedModel':
      return 'pass --model (or WEFT_MODEL) with a model id the endpoint serves';
    default:
      return 'check AWS_BEARER_TOKEN_BEDROCK/AWS_REGION or OPENAI_BASE_URL/OPENAI_API_KEY, or pass --endpoint local';
  }
}

async function reach(endpoint: Endpoint): Promise<Check> {
  const name = 'endpoint';
  try {
    await run(endpoint.client.retrieve('resp_weft_doctor_probe', { timeoutMs: 8000 }));
    return { name, status: 'ok', detail: `${endpoint.baseURL} answered` };
  } catch (error) {
    const tag = tagOf(error);
    if (tag === 'ResponseNotFound' || tag === 'NotFound' || tag === 'InvalidRequest') {
      return {
        name,
        status: 'ok',
        detail: `${endpoint.baseURL} answered and accepted the credentials`,
      };
    }
    if (tag === 'Unsupported') {
      return {
        name,
        status: 'warn',
        detail: `${endpoint.baseURL}: not probed (the profile has no retrieve)`,
        fix: 'run weft chat to try a real turn',
      };
    }
    if (tag === 'Unauthorized' || tag === 'Forbidden') {
      return {
        name,
        status: 'fail',
        detail: `${endpoint.baseURL} refused the credentials (${tag})`,
        fix:
          endpoint.kind === 'bedrock'
            ? 'refresh AWS_BEARER_TOKEN_BEDROCK (short-term keys last at most 12 h) and request model access in the Bedrock console for the region'
            : 'check OPENAI_API_KEY',
      };
    }
    return {
      name,
      status: 'fail',
      detail: `${endpoint.baseURL} could not be reached: ${describeError(error)}`,
      fix: 'check the URL (OPENAI_BASE_URL or AWS_REGION), the network and any proxy',
    };
  }
}

/** The number of migrations this build of `@weft/store-sqlite` applies. */
function buildSchemaVersion(): number | undefined {
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('@weft/store-sqlite/package.json'));
    const journal = JSON.parse(
      readFileSync(join(root, 'drizzle', 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    return journal.entries.length;
  } catch {
    return undefined;
  }
}

/** SQLite's `user_version`, read from the file header (bytes 60–63). */
function fileSchemaVersion(path: string): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return undefined;
    return header.readUInt32BE(60);
  } finally {
    closeSync(fd);
  }
}

async function database(options: GlobalOptions): Promise<Check> {
  const { openSqliteStore } = await import('@weft/store-sqlite');
  const name = 'database';
  let path: string;
  try {
    path = resolveDbPath(options);
  } catch (error) {
    return { name, status: 'fail', detail: describeError(error), fix: 'pass --db <file>' };
  }
  const known = buildSchemaVersion();
  if (!existsSync(path)) {
    return {
      name,
      status: 'warn',
      detail: `${path} does not exist yet`,
      fix: `it is created on first use (weft chat), or pass --db <file>`,
    };
  }
  try {
    openSqliteStore({ path, readonly: true }).close();
    const version = fileSchemaVersion(path) ?? known;
    return {
      name,
      status: 'ok',
      detail: `${path}: schema version ${version ?? '?'}${known === undefined ? '' : ` (this build: ${known})`}`,
    };
  } catch (error) {
    const message = describeError(error);
    const fix = /older schema/.test(message)
      ? `migrate it by opening it once: weft --db ${path} ls`
      : /newer Weft/.test(message)
        ? 'upgrade @weft/cli'
        : 'pass --db with another path, or restore the file from a backup';
    return { name, status: 'fail', detail: message, fix };
  }
}

function print(checks: readonly Check[]): void {
  const paint = out();
  for (const c of checks) {
    const mark =
      c.status === 'ok'
        ? paint('green', '✓')
        : c.status === 'warn'
          ? paint('yellow', '!')
          : paint('red', '✗');
    process.stdout.write(`${mark} ${paint('bold', c.name)}: ${c.detail}\n`);
    if (c.fix !== undefined) process.stdout.write(`  ${paint('dim', 'fix:')} ${c.fix}\n`);
  }
}
