import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { openSqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { agentScript, storyText } from './agent.js';
import { sendingKey } from './chat-service.js';
import { startAgentBackend, type AgentBackend } from './server.js';
import { deltaText, newVisitor, visitorWith, type Frame } from './test-support/visitor.js';

const hook = fileURLToPath(new URL('./test-support/ts-resolve.mjs', import.meta.url));
const child = fileURLToPath(new URL('./test-support/backend-child.ts', import.meta.url));

let model: LocalServer;
let dir: string;
let proc: ChildProcess | undefined;
let restarted: AgentBackend | undefined;
beforeEach(async () => {
  model = await startLocalServer({ port: 0, script: agentScript({ delayBetweenMs: 40 }) });
  dir = mkdtempSync(join(tmpdir(), 'weft-agent-restart-'));
});
afterEach(async () => {
  proc?.kill('SIGKILL');
  await restarted?.close();
  await model.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the service in a child process; resolves with its URL once it listens. */
async function startChild(dbPath: string): Promise<string> {
  proc = spawn(
    process.execPath,
    [
      '--conditions=@weft/source',
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      hook,
      child,
      model.baseURL,
      dbPath,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
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
    running.on('exit', (code) => reject(new Error(`the service exited (${code}): ${stderr}`)));
  });
  return (JSON.parse(line) as { url: string }).url;
}

async function kill(): Promise<void> {
  const running = proc;
  if (running === undefined) return;
  const exited = new Promise((resolve) => running.on('exit', resolve));
  running.kill('SIGKILL');
  await exited;
  proc = undefined;
}

const isDone = (f: Frame) => f.event === 'done';

it('a restart mid-answer picks the send up again: the answer arrives whole, once', async () => {
  const dbPath = join(dir, 'chat.db');
  const firstUrl = await startChild(dbPath);
  const visitor = await newVisitor(firstUrl);
  const { id } = await visitor.json<{ id: string }>('POST', '/api/conversations');
  const sent = await visitor.request('POST', `/api/conversations/${id}/messages`, {
    text: 'Tell me a story',
  });
  expect(sent.status).toBe(202);
  const before = await visitor.events(`/api/conversations/${id}/events`, {
    until: (f) => f.event === 'delta' && Number(f.id?.split(':')[1]) >= 6,
  });
  expect(before.some((f) => f.event === 'done')).toBe(false);
  await kill();

  // What the killed process left: an open turn and the in-flight mark.
  const left = openSqliteStore({ path: dbPath });
  try {
    const record = await Effect.runPromise(left.turns.getConversation(id));
    expect(record.metadata[sendingKey]).toBe(true);
  } finally {
    left.close();
  }

  restarted = await startAgentBackend({
    model: { baseURL: model.baseURL, apiKey: 'local' },
    dbPath,
  });
  const back = visitorWith(restarted.url, visitor.cookie);
  const after = await back.events(`/api/conversations/${id}/events`, { until: isDone });
  expect(after[0]).toMatchObject({
    event: 'turn',
    data: { messages: [{ role: 'user', text: 'Tell me a story' }] },
  });
  expect(deltaText(after)).toBe(storyText);
  expect(after.at(-1)).toMatchObject({ event: 'done', data: { status: 'done', error: null } });

  const view = await back.json<{ messages: unknown[]; active: boolean }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view.active).toBe(false);
  expect(view.messages).toEqual([
    expect.objectContaining({ role: 'user', text: 'Tell me a story' }),
    expect.objectContaining({ role: 'assistant', text: storyText }),
  ]);
  // Settled: the mark is cleared, so the next start resumes nothing; the cut-off turn stays in the
  // tree as interrupted, off the conversation's path.
  await restarted.close();
  restarted = undefined;
  const store = openSqliteStore({ path: dbPath });
  try {
    const record = await Effect.runPromise(store.turns.getConversation(id));
    expect(record.metadata[sendingKey]).toBe(false);
    const path = await Effect.runPromise(store.turns.readChain(record.headTurnId ?? ''));
    expect(path.map((t) => t.status)).toEqual(['completed']);
    const cutId = before.at(-1)?.id?.split(':')[0] ?? '';
    expect(path[0]?.id).not.toBe(cutId);
    const cut = await Effect.runPromise(store.turns.getTurn(cutId));
    expect(cut).toMatchObject({ status: 'failed', error: { tag: 'StreamInterrupted' } });
  } finally {
    store.close();
  }
});

it('a restart while a call waits for approval waits again; approving then finishes the send', async () => {
  const dbPath = join(dir, 'chat.db');
  const visitor = await newVisitor(await startChild(dbPath));
  const { id } = await visitor.json<{ id: string }>('POST', '/api/conversations');
  await visitor.request('POST', `/api/conversations/${id}/messages`, {
    text: 'I want a refund for order A-42',
  });
  const path = `/api/conversations/${id}/events`;
  await visitor.events(path, { until: (f) => f.event === 'approval' });
  await kill();

  restarted = await startAgentBackend({
    model: { baseURL: model.baseURL, apiKey: 'local' },
    dbPath,
  });
  const back = visitorWith(restarted.url, visitor.cookie);
  const view = await back.json<{ pendingApprovals: { callId: string }[]; active: boolean }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view).toMatchObject({ active: true, pendingApprovals: [{ name: 'issue_refund' }] });
  const callId = view.pendingApprovals[0]?.callId ?? '';
  const waiting = await back.events(path, { until: (f) => f.event === 'approval' });
  expect(waiting.at(-1)?.data['calls']).toMatchObject([{ callId }]);

  const approved = await back.request('POST', `/api/conversations/${id}/approvals/${callId}`, {
    approve: true,
  });
  expect(approved.status).toBe(200);
  const rest = await back.events(path, {
    lastEventId: waiting.findLast((f) => f.id !== undefined)?.id ?? '',
    until: isDone,
  });
  expect(deltaText(rest)).toBe('Done: order A-42 was refunded 42.50 EUR.');
  expect(rest.at(-1)).toMatchObject({ event: 'done', data: { status: 'done' } });
});
