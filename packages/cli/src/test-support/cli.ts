/**
 * Runs the built `weft` bin as a subprocess, as users do. The bin is built once per test run
 * (the CLI only, without declarations; the packages it imports must have been built).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(cliRoot, '..', '..');
export const bin = join(cliRoot, 'dist', 'bin.js');

const deps = [
  'core',
  'store-sqlite',
  'local-server',
  'bedrock',
  'adapter-stream',
  'adapter-background',
  'workflow',
  'replay',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds `dist/bin.js` when it is older than the sources. Test files run in parallel workers, so
 * one takes a lock directory and the others wait for it.
 */
export async function ensureBuilt(): Promise<void> {
  const missing = deps.filter(
    (d) => !existsSync(join(repoRoot, 'packages', d, 'dist', 'index.js')),
  );
  if (missing.length > 0) {
    const turbo = spawnSync(
      join(repoRoot, 'dev'),
      ['turbo', 'run', 'build', '--filter=@weft/cli^...'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    if (turbo.status !== 0) throw new Error(`building ${missing.join(', ')} failed`);
  }
  const lock = join(cliRoot, 'node_modules', '.cache', 'weft-cli-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource(join(cliRoot, 'src'))) return;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 60_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const tsup = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsup'), [], {
        cwd: cliRoot,
        env: { ...process.env, WEFT_CLI_SKIP_DTS: '1' },
        encoding: 'utf8',
      });
      if (tsup.status !== 0) throw new Error(`tsup failed:\n${tsup.stdout}${tsup.stderr}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** An environment with no endpoint configured and no colour forced: the embedded local server is used. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OPENAI_|AWS_|WEFT_|NO_COLOR|FORCE_COLOR)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** What a finished `weft` run left. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `weft args…` in `cwd` and waits for it to end. */
export function weft(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temp directory; remove it with the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'weft-cli-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A tools module the model may call (no imports, so it loads from any directory). */
export const toolsModule = `export const weather = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  execute: ({ city }) => ({ city, temperatureC: 21 }),
};
`;

/** Parses JSON output, failing the test with the output when it is not JSON. */
export function json<T = unknown>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON:\n${text}`);
  }
}
