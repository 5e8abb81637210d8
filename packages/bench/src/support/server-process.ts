import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A local server running in its own Node process, so client and server do not share a CPU. */
export interface ServerProcess {
  /** The API base URL, e.g. `http://127.0.0.1:43117/v1`. */
  readonly baseURL: string;
  stop(): Promise<void>;
}

/** Path of the built `weft-local-server` bin, next to the package's entry. */
function binPath(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.resolve('@weft/local-server')));
}

/** Start `weft-local-server` with a script (JSON) and wait for its "listening" line. */
export async function startServerProcess(script: unknown, args: readonly string[] = []): Promise<ServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'weft-bench-'));
  const scriptPath = join(dir, 'script.json');
  writeFileSync(scriptPath, JSON.stringify(script));
  const child: ChildProcess = spawn(process.execPath, [binPath(), '--port', '0', '--seed', '1', '--script', scriptPath, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /baseURL (\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`weft-local-server exited with code ${String(code)} before listening`)));
  });
  return {
    baseURL,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
