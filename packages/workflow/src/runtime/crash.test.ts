import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createWeft, type IdGeneratorShape } from '@weft/core';
import { fixedClock, sequentialIds } from '@weft/core/testing';
import { openSqliteStore } from '@weft/store-sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { localSetup, type LocalSetup } from '../test-support/local.js';
import { lookupOrderTool, triageScript } from '../test-support/triage.js';
import { createWorkflowRunner } from './runner.js';

const hook = fileURLToPath(new URL('../../scripts/ts-resolve.mjs', import.meta.url));
const child = fileURLToPath(new URL('../test-support/crash-child.ts', import.meta.url));

let env: LocalSetup;
beforeEach(async () => {
  env = await localSetup(triageScript);
});
afterEach(async () => {
  await env.close();
});

/** Runs the child until it is inside the tool step, then kills it with SIGKILL. */
async function startAndKillInToolStep(runId: string): Promise<void> {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=@weft/source',
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      hook,
      child,
      env.server.baseURL,
      env.dbPath,
      runId,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_COMPILE_CACHE: fileURLToPath(
          new URL('../../node_modules/.cache/node-compile', import.meta.url),
        ),
      },
    },
  );
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('IN_TOOL\n')) resolve();
    });
    proc.on('exit', (code) =>
      reject(new Error(`child exited (${code}) before the tool step: ${stderr}`)),
    );
  });
  proc.kill('SIGKILL');
  await exited;
}

/** Ids that cannot collide with the first process's sequential ids. */
function secondProcessIds(): IdGeneratorShape {
  const base = sequentialIds();
  return { next: (kind) => base.next(kind).replace('_', '_p2_') };
}

it('resumes a run killed during the tool step in a new process without re-sending the classify turn', async () => {
  const runId = 'run_crash';
  await startAndKillInToolStep(runId);

  // The new process: its own store connection, Weft and runner; requests counted at its client.
  const requests: string[] = [];
  const counting: typeof fetch = async (url, init) => {
    requests.push(String(init?.body ?? ''));
    return fetch(url, init);
  };
  const store = openSqliteStore({ path: env.dbPath });
  const ids = secondProcessIds();
  const clock = fixedClock(Date.UTC(2026, 0, 2), 1);
  const weft = createWeft({
    client: { baseURL: env.server.baseURL, apiKey: 'local', fetch: counting },
    store,
    clock,
    ids,
    defaults: { model: 'scripted-1' },
  });
  const calls: string[] = [];
  const runner = createWorkflowRunner({ weft, tools: [lookupOrderTool(calls)], clock, ids });

  const [stored] = await runner.list();
  expect(stored).toMatchObject({ runId, status: 'running' });

  const run = await runner.resume(runId);
  expect(run.context.steps['classify']).toMatchObject({
    status: 'done',
    output: { category: 'refund' },
  });
  for await (const e of run.events()) if (e.type === 'step.waiting') break;
  expect(calls).toEqual(['A-42']);
  await run.send({ payload: { approved: true } });
  const result = await run.result;
  expect(result).toMatchObject({ endStep: 'done', output: { category: 'refund', approved: true } });

  // Only the summary was sent by this process; the run's conversation holds each turn once.
  expect(requests).toHaveLength(1);
  expect(requests[0]).toContain('Summarise the refund decision');
  const convo = await weft.open(result.conversationId);
  const history = await convo.history();
  expect(history).toHaveLength(2);
  expect(history[0]?.id).toBe(result.steps['classify']?.turnIds?.[0]);
  await runner.close();
  await weft.close();
  store.close();
}, 60_000);
