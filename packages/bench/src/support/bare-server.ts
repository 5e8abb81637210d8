/**
 * The baseline server: a bare `node:http` server in its own process that answers every request with
 * one fixed body (recorded from the local server), so a scenario can compare the local server with
 * the cheapest server that puts the same bytes on the wire.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCpuMicros, type ServerProcess } from './server-process.js';
import { tempDir } from './system.js';

const source = `
const { createServer } = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const type = process.argv[2];
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('baseURL http://127.0.0.1:' + server.address().port + '/v1'));
`;

/** Starts a bare server answering every request with `body` as `contentType`. */
export async function startBareServer(body: string, contentType: string): Promise<ServerProcess> {
  const dir = tempDir('bare');
  const file = join(dir.path, 'body');
  writeFileSync(file, body);
  const child: ChildProcess = spawn(process.execPath, ['-e', source, file, contentType], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /baseURL (\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${String(code)}`)));
  });
  return {
    baseURL,
    cpuMicros: () => readCpuMicros(child.pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      dir.remove();
    },
  };
}

/** POSTs `body` to `${baseURL}/responses` once and returns the answer's text. */
export async function recordResponse(baseURL: string, body: string): Promise<string> {
  const res = await fetch(`${baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return res.text();
}
