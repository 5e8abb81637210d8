import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeft } from '@weft/core';
import { backgroundStrategy } from '@weft/adapter-background';
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { openSqliteStore } from '@weft/store-sqlite';
import { bin, cleanEnv, ensureBuilt, json, tempDir, weft } from './test-support/cli.js';

describe('weft serve, doctor, jobs', { timeout: 45_000 }, () => {
  const tmp = tempDir();
  const cwd = tmp.dir;
  let server: LocalServer;
  let jobId = '';

  beforeAll(async () => {
    await ensureBuilt();
    // A background turn the server never finishes, left behind by a process that went away.
    server = await startLocalServer({ port: 0 });
    server.faults.set({ background: 'stall' });
    const store = openSqliteStore({ path: join(cwd, 'weft.db') });
    const app = createWeft({
      client: { baseURL: server.baseURL, apiKey: 'local' },
      store,
      strategies: { background: backgroundStrategy() },
      defaults: { model: 'scripted', execution: 'background' },
    });
    const convo = await app.conversation();
    convo.send('Summarise the report');
    for (let i = 0; i < 200 && jobId === ''; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const { Effect } = await import('effect');
      jobId = (await Effect.runPromise(store.jobs.listJobs({})))[0]?.id ?? '';
    }
    await app.close();
    store.close();
  }, 60_000);
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  it('lists, cancels and lists again background jobs', async () => {
    expect(jobId).not.toBe('');
    const env = cleanEnv({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'local' });
    const listed = await weft(['jobs', '--json'], { cwd, env });
    expect(listed.code).toBe(0);
    expect(json<{ items: { id: string; status: string }[] }>(listed.stdout).items).toEqual([
      expect.objectContaining({ id: jobId, status: 'active' }),
    ]);
    const cancelled = await weft(['jobs', 'cancel', jobId], { cwd, env });
    expect(cancelled.stderr).toBe('');
    expect(cancelled.stdout).toContain(`cancelled ${jobId}`);
    const [after, again] = await Promise.all([
      weft(['jobs', 'list', '--status', 'cancelled', '--json'], { cwd, env }),
      weft(['jobs', 'cancel', jobId], { cwd, env }),
    ]);
    expect(json<{ items: { id: string }[] }>(after.stdout).items.map((j) => j.id)).toEqual([jobId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already cancelled');
  });

  it('doctor reports configuration, endpoint, capabilities and database; --json parses; a bad database fails with a fix', async () => {
    const [ok, bad] = await Promise.all([
      weft(['doctor', '--json'], { cwd }),
      weft(['--db', 'tools.db', 'doctor'], { cwd: join(cwd), env: cleanEnv() }),
    ]);
    expect(ok.code).toBe(0);
    const report = json<{
      ok: boolean;
      checks: { name: string; status: string; detail: string }[];
    }>(ok.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'configuration',
      'endpoint',
      'capabilities',
      'database',
    ]);
    expect(report.checks.find((c) => c.name === 'database')?.detail).toMatch(/schema version \d+/);
    // tools.db does not exist: a warning with a fix, not a failure.
    expect(bad.code).toBe(0);
    expect(bad.stdout).toContain('does not exist yet');
    expect(bad.stdout).toContain('fix:');
    const notDb = await weft(['--db', 'weft.db-wal-not-there', 'doctor'], {
      cwd,
      env: cleanEnv({
        OPENAI_API_KEY: 'sk-secret-value',
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      }),
    });
    expect(notDb.code).toBe(1);
    expect(notDb.stdout).toContain('✗ endpoint');
    expect(notDb.stdout + notDb.stderr).not.toContain('sk-secret-value');
  });

  it('serve starts, prints its base URL, answers, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--seed', '1'], {
      cwd,
      env: cleanEnv(),
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const baseURL = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /baseURL (http:\/\/\S+)/.exec(stdout);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.on('close', () => reject(new Error(`serve ended: ${stdout}`)));
    });
    const response = await fetch(`${baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer local' },
      body: JSON.stringify({ model: 'scripted', input: 'ping' }),
    });
    expect(response.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    const refused = await weft(['serve', '--host', '0.0.0.0'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--api-key');
  });
});
