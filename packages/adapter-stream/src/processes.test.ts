/**
 * Two processes on one SQLite file: a reader in a child process follows a turn this process
 * streams, and a child process streaming a turn is killed with SIGKILL mid-way.
 *
 * The children run the workspace's TypeScript sources directly: `--conditions=@weft/source`
 * selects `src/index.ts` in every `@weft/*` package, `--experimental-transform-types` handles
 * core's parameter properties (plain type stripping rejects them), and `source-hooks.mjs`
 * resolves the sources' `.js` import specifiers to their `.ts` files. No build is needed.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createWeft, type StoredEvent } from '@weft/core';
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { Effect } from 'effect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamStrategy } from './stream-strategy.js';
import { apiKey, tempDatabase, words } from './test-support.js';

const childScript = fileURLToPath(new URL('./test-children/stream-child.ts', import.meta.url));
const hooks = fileURLToPath(new URL('./test-children/source-hooks.mjs', import.meta.url));

interface Child {
  readonly process: ChildProcessByStdio<Writable, Readable, null>;
  /** Resolves with the first message that satisfies `test`. */
  next(test: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  readonly messages: { readonly at: number; readonly message: Record<string, unknown> }[];
  readonly exited: Promise<number | null>;
}

function startChild(args: readonly string[]): Child {
  const child = spawn(
    process.execPath,
    [
      '--no-warnings',
      '--conditions=@weft/source',
      '--experimental-transform-types',
      '--import',
      hooks,
      childScript,
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const messages: Child['messages'] = [];
  const waiters: {
    test: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    messages.push({ at: Date.now(), message });
    for (const waiter of [...waiters]) {
      if (waiter.test(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    messages,
    exited,
    next: (test) => {
      const seen = messages.find((m) => test(m.message));
      if (seen !== undefined) return Promise.resolve(seen.message);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

const db = { reader: tempDatabase(), crash: tempDatabase() };
let server: LocalServer;
let reader: Child;
let crasher: Child;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    apiKey,
    script: {
      rules: [
        {
          match: { input: 'crash' },
          reply: { text: words(400) },
          faults: { delayBetweenMs: 15 },
          times: 1,
        },
        { match: { input: 'follow' }, reply: { text: words(60) }, faults: { delayBetweenMs: 10 } },
      ],
    },
  });
  // Both children load while the server starts; loading the sources takes a few seconds.
  db.reader.open().close();
  reader = startChild(['reader', db.reader.path]);
  crasher = startChild(['crash', db.crash.path, server.baseURL, apiKey]);
  await Promise.all([reader.next((m) => m.ready === true), crasher.next((m) => m.ready === true)]);
}, 60_000);

afterAll(async () => {
  reader.process.kill('SIGKILL');
  crasher.process.kill('SIGKILL');
  await server.close();
  db.reader.dispose();
  db.crash.dispose();
});

describe('across processes', () => {
  it('a reader in another process follows a turn this process streams, from the SQLite file', async () => {
    const store = db.reader.open();
    const weft = createWeft({
      client: { baseURL: server.baseURL, apiKey },
      store,
      strategies: { stream: streamStrategy({ flushEveryEvents: 4, flushIntervalMs: 15 }) },
      defaults: { model: 'scripted-1', execution: 'stream' },
    });
    const convo = await weft.conversation();
    const handle = convo.send('follow me');
    let turnId = '';
    for await (const event of handle.events()) {
      if (event.type === 'created') {
        turnId = event.turnId;
        reader.process.stdin.write(`${turnId}\n`);
        break;
      }
    }
    const result = await handle.result;
    const finishedAt = Date.now();
    await reader.next((m) => m.end === true);
    const received = reader.messages.filter((m) => 'stored' in m.message);
    const events = received.map((m) => m.message.stored as StoredEvent);
    const log = await Effect.runPromise(store.turns.readEvents(turnId, 0));
    expect(events).toEqual(JSON.parse(JSON.stringify(log)));
    expect(events.at(-1)?.event.type).toBe('completed');
    // It read live: some events reached the other process before the turn finished here.
    expect(received[0]?.at).toBeLessThan(finishedAt);
    expect(result.text).toBe(words(60));
    await weft.close();
  });

  it('a stream turn killed with SIGKILL keeps its partial output; open() marks it interrupted and retry() re-sends', async () => {
    crasher.process.stdin.write('go\n');
    const started = await crasher.next((m) => typeof m.turnId === 'string');
    const turnId = started.turnId as string;
    const conversationId = started.conversationId as string;
    const store = db.crash.open();
    // Wait until some output is on disk, then kill the child mid-stream.
    for (;;) {
      const turn = await Effect.runPromise(store.turns.getTurn(turnId));
      if (turn.output.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await crasher.next((m) => typeof m.deltas === 'number' && m.deltas >= 20);
    crasher.process.kill('SIGKILL');
    await crasher.exited;
    expect(crasher.messages.some((m) => m.message.finished === true)).toBe(false);

    const left = await Effect.runPromise(store.turns.getTurn(turnId));
    expect(left.status).toBe('in_progress');
    expect(left.partial).toBe(true);
    expect(left.responseId).toMatch(/^resp_/);
    const part = left.output[0];
    const text =
      part?.type === 'message' && part.content[0]?.type === 'output_text'
        ? part.content[0].text
        : '';
    expect(text.length).toBeGreaterThan(0);
    expect(words(400).startsWith(text)).toBe(true);
    const log = await Effect.runPromise(store.turns.readEvents(turnId, 0));
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));

    const weft = createWeft({
      client: { baseURL: server.baseURL, apiKey },
      store,
      strategies: { stream: streamStrategy() },
      defaults: { model: 'scripted-1', execution: 'stream' },
    });
    const convo = await weft.open(conversationId);
    const failed = await Effect.runPromise(store.turns.getTurn(turnId));
    expect(failed).toMatchObject({
      status: 'failed',
      partial: true,
      error: { tag: 'StreamInterrupted' },
    });
    expect(failed.output).toEqual(left.output);
    const retried = await convo.retry().result;
    expect(retried.status).toBe('completed');
    expect(retried.turn.id).not.toBe(turnId);
    expect(retried.text.length).toBeGreaterThan(0);
    await weft.close();
  });
});
