import { makeMemoryStores } from '@weft/core/testing';
import { Effect, Stream } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isReplayDivergence, type ReplayDivergence } from './errors.js';
import { createReplayClient } from './replay-client.js';
import { replayEnv, weatherAgent, type ReplayEnv } from './test-support.js';

let env: ReplayEnv;
beforeEach(async () => {
  env = await replayEnv();
});
afterEach(async () => {
  await env.close();
});

describe('replay client (blocking)', () => {
  it('replays a recorded conversation with tool calls offline, identically', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    expect(recorded.texts).toEqual(['It is sunny, 21 °C in Paris today.', 'You are welcome!']);
    const original = await Effect.runPromise(
      env.store.turns.readChain(
        (await Effect.runPromise(env.store.turns.getConversation(recorded.conversationId)))
          .headTurnId ?? '',
      ),
    );
    await Promise.all([env.serverA.close(), env.serverB.close()]);

    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
    });
    const weft = env.weft(client, { store: makeMemoryStores() });
    const replayed = await weatherAgent(weft);
    expect(replayed.texts).toEqual(recorded.texts);
    expect(client.remaining()).toEqual([]);
    expect(client.divergences).toEqual([]);
    expect(client.served.map((s) => s.source)).toEqual(['recorded', 'recorded', 'recorded']);

    const chain = await Effect.runPromise(
      weft.store.turns.readChain((await weft.list()).items[0]?.headTurnId ?? ''),
    );
    expect(chain.map((t) => t.output)).toEqual(original.map((t) => t.output));
    expect(chain.map((t) => t.responseId)).toEqual(original.map((t) => t.responseId));
    const calls = chain.flatMap((t) => t.output.filter((i) => i.type === 'function_call'));
    expect(calls).toMatchObject([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(chain.at(-1)?.output).toEqual(original.at(-1)?.output);
  });

  it('fails with ReplayDivergence naming the changed field when a prompt changes', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
    });
    const weft = env.weft(client, { store: makeMemoryStores() });
    const error = await weatherAgent(weft, {
      instructions: 'You are a terse weather assistant.',
    }).catch((e: unknown) => e);
    expect(isReplayDivergence(error)).toBe(true);
    const divergence = error as ReplayDivergence;
    expect(divergence.kind).toBe('changed');
    expect(divergence.position).toBe(0);
    expect(divergence.changes).toEqual([
      {
        path: 'instructions',
        kind: 'changed',
        recorded: 'You are a weather assistant.',
        current: 'You are a terse weather assistant.',
        textDiff: 'You are a {+terse +}weather assistant.',
      },
    ]);
    expect(divergence.message).toContain('instructions');
    expect(divergence.report).toContain(
      '~ instructions: recorded "You are a weather assistant." → now "You are a terse weather assistant."',
    );
    expect(divergence.message).not.toContain('sk-');
  });

  it('names the input text when the user message changes', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
    });
    const weft = env.weft(client, { store: makeMemoryStores() });
    const error = (await weatherAgent(weft, { question: 'What is the weather in Lyon?' }).catch(
      (e: unknown) => e,
    )) as ReplayDivergence;
    expect(error._tag).toBe('ReplayDivergence');
    expect(error.changes.map((c) => c.path)).toEqual(['input[0].content[0].text']);
    expect(error.changes[0]).toMatchObject({
      recorded: 'What is the weather in Paris?',
      current: 'What is the weather in Lyon?',
    });
    expect(client.divergences).toHaveLength(1);
  });

  it('reports extra calls and unserved recorded calls', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
    });
    const weft = env.weft(client, { store: makeMemoryStores() });
    const convo = await weft.conversation({ instructions: 'You are a weather assistant.' });
    await convo.send('What is the weather in Paris?').result;
    expect(client.remaining().map((c) => c.position)).toEqual([2]);
    const fresh = await weft.conversation({ instructions: 'You are a weather assistant.' });
    const error = (await fresh
      .send('What is the weather in Paris?')
      .result.catch((e: unknown) => e)) as ReplayDivergence;
    expect(error).toMatchObject({ _tag: 'ReplayDivergence', kind: 'changed', position: 2 });
  });

  it('lenient mode sends unmatched requests to the live client and lists them', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const live = env.weft('A').client;
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
      mode: 'lenient',
      live,
    });
    const weft = env.weft(client, { store: makeMemoryStores() });
    const convo = await weft.conversation({ instructions: 'You are a weather assistant.' });
    await convo.send('What is the weather in Paris?').result;
    const other = await convo.send('thanks a lot').result;
    expect(other.text).toBe('You are welcome!');
    expect(client.served.map((s) => s.source)).toEqual(['recorded', 'recorded', 'live']);
    expect(client.recorded).toHaveLength(1);
    expect(client.recorded[0]?.divergence.changes.map((c) => c.path)).toEqual([
      'input[0].content[0].text',
    ]);
    expect(client.recorded[0]?.response?.output_text).toBe('You are welcome!');
  });

  it('serves retrieve and input items for recorded responses, ResponseNotFound otherwise', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.conversationId,
    });
    const [first] = client.recording.calls;
    const response = await Effect.runPromise(client.retrieve(first?.turn.responseId ?? ''));
    expect(response.output).toEqual(first?.turn.output);
    const items = await Effect.runPromise(client.inputItems(first?.turn.responseId ?? ''));
    expect(items).toHaveLength(1);
    const missing = await Effect.runPromise(Effect.flip(client.retrieve('resp_nope')));
    expect(missing._tag).toBe('ResponseNotFound');
    const events = await Effect.runPromise(
      Stream.runCollect(client.retrieveStream(first?.turn.responseId ?? '', 2)),
    );
    expect(events[0]?.sequence_number).toBe(3);
  });
});
