import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliUsageError, isLoopback, parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to port 0 on 127.0.0.1 with the openai profile', () => {
    expect(parseCliArgs([])).toEqual({ port: 0, host: '127.0.0.1', profile: 'openai', scriptPath: undefined, apiKey: undefined, seed: undefined, help: false });
  });

  it('reads every flag', () => {
    const options = parseCliArgs(['--port', '8080', '--host', 'localhost', '--profile', 'mantle', '--script', 's.yaml', '--api-key', 'k', '--seed', '3']);
    expect(options).toMatchObject({ port: 8080, host: 'localhost', profile: 'mantle', scriptPath: 's.yaml', apiKey: 'k', seed: '3' });
  });

  it('refuses a non-loopback host without an API key', () => {
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow(/without an API key/);
    expect(parseCliArgs(['--host', '0.0.0.0', '--api-key', 'k']).host).toBe('0.0.0.0');
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--profile', 'azure'])).toThrow(/--profile/);
    expect(() => parseCliArgs(['--nope'])).toThrow(CliUsageError);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].some(isLoopback)).toBe(false);
  });
});

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening on')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!existsSync(bin))('weft-local-server (built bin)', () => {
  it('prints its base URL and stops cleanly on SIGTERM', async () => {
    const { code, stdout } = await run(['--port', '0']);
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ .*baseURL http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(code).toBe(0);
  });

  it('exits with code 2 for a non-loopback host without a key', async () => {
    const { code, stderr } = await run(['--host', '0.0.0.0']);
    expect(code).toBe(2);
    expect(stderr).toContain('--api-key');
  });
});
