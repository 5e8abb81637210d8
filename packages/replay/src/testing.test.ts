import { createWeft, type Weft } from '@weft/core';
import { makeMemoryStores, sequentialIds, fixedClock } from '@weft/core/testing';
import { openSqliteStore } from '@weft/store-sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ReplayAssertionError,
  formatDivergence,
  replayConversation,
  withReplay,
} from './testing.js';
import type { ReplayClient } from './replay-client.js';
import { replayEnv, weatherAgent, weatherTool, type ReplayEnv } from './test-support.js';

let env: ReplayEnv;
beforeEach(async () => {
  env = await replayEnv();
});
afterEach(async () => {
  await env.close();
});

/** The application's composition root, as production code would have it. */
const appWeft = (client: ReplayClient): Weft =>
  createWeft({
    client,
    store: makeMemoryStores(),
    ids: sequentialIds(),
    clock: fixedClock(),
    defaults: {
      model: 'scripted-a',
      tools: [weatherTool],
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    },
  });

describe('replay test helpers', () => {
  it('turns a recorded conversation in a SQLite file into a regression test', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    env.store.close();
    await Promise.all([env.serverA.close(), env.serverB.close()]);

    const store = openSqliteStore({ path: env.path, readonly: true });
    try {
      const { result, client } = await replayConversation(
        { store, conversationId: recorded.conversationId },
        (client) => weatherAgent(appWeft(client)),
      );
      expect(result.texts).toEqual(recorded.texts);
      expect(client.served).toHaveLength(3);

      const texts = await withReplay(
        { store, conversationId: recorded.conversationId },
        async (client) => (await weatherAgent(appWeft(client))).texts,
      );
      expect(texts).toEqual(recorded.texts);

      const failure = await replayConversation(
        { store, conversationId: recorded.conversationId },
        (client) => weatherAgent(appWeft(client), { instructions: 'You are a pirate.' }),
      ).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ReplayAssertionError);
      const message = (failure as Error).message;
      expect(message).toContain(
        'Replay diverged at request #0 (recorded turn turn_0001, response resp_',
      );
      expect(message).toContain(
        '~ instructions: recorded "You are a weather assistant." → now "You are a pirate."',
      );
    } finally {
      store.close();
    }
  });

  it('fails when the application makes fewer calls than recorded', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const failure = await replayConversation(
      { store: env.store, conversationId: recorded.conversationId },
      async (client) => {
        const convo = await appWeft(client).conversation({
          instructions: 'You are a weather assistant.',
        });
        return convo.send('What is the weather in Paris?').result;
      },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReplayAssertionError);
    const [missing] = (failure as ReplayAssertionError).divergences;
    expect(missing?.kind).toBe('missing');
    expect(formatDivergence(missing as never)).toContain('request #2');
  });

  it('replays a recorded retry: the 429 is raised again and the retry is served', async () => {
    const weft = env.weft('A', {
      defaults: {
        model: 'scripted-a',
        tools: [weatherTool],
        retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      },
    });
    const convo = await weft.conversation({ instructions: 'You are a weather assistant.' });
    await convo.send('What is the weather in Paris?').result;
    env.serverA.faults.push({ status: 429, retryAfterSeconds: 0 });
    const thanks = await convo.send('thanks').result;
    expect(thanks.text).toBe('You are welcome!');

    const { client, result } = await replayConversation(
      { store: env.store, conversationId: convo.id },
      (client) => weatherAgent(appWeft(client)),
    );
    expect(result.texts[1]).toBe('You are welcome!');
    expect(client.recording.calls.map((c) => c.retried)).toEqual([false, false, true, false]);
    expect(client.served).toHaveLength(4);
  });
});
