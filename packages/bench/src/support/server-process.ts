import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A local server running in its own Node process, so client and server do not share a CPU. */
export interface ServerProcess {
  /** The API base URL, e.g. `http://127.0.0.1:43117/v1`. */
  readonly baseURL: string;
  /** CPU time (user + system) the server has used, µs; undefined where `/proc` is not available. */
  cpuMicros(): number | undefined;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of process `pid`, µs, from `/proc`; undefined elsewhere. */
export function readCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 is state; utime and stime are fields 14 and 15 of the full line.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime)
      ? ((utime + stime) * 1e6) / TICKS_PER_SECOND
      : undefined;
  } catch {
    return undefined;
  }
}

/** Path of the built `weft-local-server` bin, next to the package's entry. */
function binPath(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.resolve('@weft/local-server')));
}

/** Start `weft-local-server` with a script (JSON) and wait for its "listening" line. */
export async function startServerProcess(
  script: unknown,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'weft-bench-'));
  const scriptPath = join(dir, 'script.json');
  writeFileSync(scriptPath, JSON.stringify(script));
  const child: ChildProcess = spawn(
    process.execPath,
    [binPath(), '--port', '0', '--seed', '1', '--script', scriptPath, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /baseURL (\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`weft-local-server exited with code ${String(code)} before listening`)),
    );
  });
  return {
    baseURL,
    cpuMicros: () => readCpuMicros(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
