import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createOpenAIResponsesClient, createWeft, type Turn } from '@weft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundStrategy } from './background-strategy.js';
import { createBackgroundWorker } from './background-worker.js';
import { apiKey, eventually, harness, model, run, type Harness } from './test-support/harness.js';

const hook = fileURLToPath(new URL('./test-support/ts-resolve.mjs', import.meta.url));
const child = fileURLToPath(new URL('./test-support/crash-child.ts', import.meta.url));
const prompt = 'Finish this answer even though the process that asked was killed';

let h: Harness;
let proc: ChildProcess | undefined;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  proc?.kill('SIGKILL');
  await h.close();
});

interface Started {
  readonly conversationId: string;
  readonly turnId: string;
}

/** Starts the child, waits for its line, kills it with SIGKILL, and returns the line. */
async function startAndKill(): Promise<{ poll: Started; stream: Started }> {
  proc = spawn(
    process.execPath,
    ['--conditions=@weft/source', '--experimental-transform-types', '--no-warnings', '--import', hook, child, h.server.baseURL, h.dbPath, prompt],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Caches the compiled sources between runs; the child starts faster the second time.
      env: { ...process.env, NODE_COMPILE_CACHE: fileURLToPath(new URL('../node_modules/.cache/node-compile', import.meta.url)) },
    },
  );
  const running = proc;
  let stderr = '';
  running.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    running.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    running.on('exit', (code) => reject(new Error(`child exited (${code}) before starting: ${stderr}`)));
  });
  const exited = new Promise((resolve) => running.on('exit', resolve));
  running.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as { poll: Started; stream: Started };
}

const textOf = (turn: Turn): string =>
  turn.output
    .flatMap((i) => (i.type === 'message' ? i.content : []))
    .map((p) => (p.type === 'output_text' ? p.text : ''))
    .join('');

async function expectFinishedOnce(conversationId: string, turnId: string): Promise<void> {
  const records = (await run(h.store.exportJsonl({ conversationId })))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { type: string });
  expect(records.filter((r) => r.type === 'turn')).toHaveLength(1);
  expect(records.filter((r) => r.type === 'job')).toHaveLength(1);
  const turn = await run(h.store.turns.getTurn(turnId));
  expect(turn.status).toBe('completed');
  expect(turn.partial).toBe(false);
  expect(textOf(turn)).toContain(prompt);
  const job = await run(h.store.jobs.findJobByTurn(turnId));
  expect(job?.status).toBe('completed');
  expect((await run(h.store.turns.getConversation(conversationId))).headTurnId).toBe(turnId);
  const log = (await run(h.store.turns.readEvents(turnId, 0))).map((e) => e.event.type);
  expect(log.filter((t) => t === 'created')).toHaveLength(1);
  expect(log.filter((t) => t === 'item.done')).toHaveLength(turn.output.length);
  expect(log.filter((t) => t === 'completed')).toHaveLength(1);
}

describe('a process killed with SIGKILL mid-turn', () => {
  it('reopening resumes the streamed turn from its cursor; a worker finishes the polled one; each is stored once', { timeout: 90_000 }, async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 40, times: 2 });
    const { poll, stream } = await startAndKill();
    const streamed = await run(h.store.jobs.findJobByTurn(stream.turnId));
    expect(streamed?.status).toBe('active');
    expect(streamed?.cursor).toBeGreaterThan(3);
    expect((await run(h.store.jobs.findJobByTurn(poll.turnId)))?.status).toBe('active');

    // The conversation, reopened in this process, resumes its job instead of sending again.
    const weft = createWeft({
      client: { baseURL: h.server.baseURL, apiKey },
      store: h.store,
      strategies: { background: backgroundStrategy({ mode: 'stream', leaseMs: 400, poll: { initialMs: 10, maxMs: 40 } }) },
      defaults: { model, execution: 'background' },
    });
    try {
      const convo = await weft.open(stream.conversationId);
      await eventually(async () => (convo.state === 'idle' ? true : undefined), 20_000);
    } finally {
      await weft.close();
    }
    await expectFinishedOnce(stream.conversationId, stream.turnId);
    const deltas = (await run(h.store.turns.readEvents(stream.turnId, 0))).flatMap((e) =>
      e.event.type === 'delta' ? [e.event.delta] : [],
    );
    expect(deltas.join('')).toBe(textOf(await run(h.store.turns.getTurn(stream.turnId))));

    // A worker takes over the other job once the dead process's lease has expired.
    const worker = createBackgroundWorker({
      client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
      turns: h.store.turns,
      jobs: h.store.jobs,
      pollIntervalMs: 25,
      poll: { initialMs: 10, maxMs: 40 },
    });
    const reports = await eventually(async () => {
      const done = await worker.resumeJobs();
      return done.length > 0 ? done : undefined;
    }, 20_000);
    await worker.stop();
    expect(reports).toMatchObject([{ turnId: poll.turnId, status: 'completed', head: 'moved' }]);
    await expectFinishedOnce(poll.conversationId, poll.turnId);
  });
});
