import type { SendEvent, Weft } from '@weft/core';
import { makeMemoryStores } from '@weft/core/testing';
import { streamStrategy } from '@weft/adapter-stream';
import { Effect, Stream } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplayClient } from './replay-client.js';
import { replayEnv, type ReplayEnv } from './test-support.js';

let env: ReplayEnv;
beforeEach(async () => {
  env = await replayEnv();
});
afterEach(async () => {
  await env.close();
});

const streaming = { strategies: { stream: streamStrategy({ flushEveryEvents: 1 }) } } as const;

/** Runs the weather conversation with streaming turns and collects every event the app sees. */
async function streamedAgent(
  weft: Weft,
): Promise<{ events: SendEvent[]; texts: string[]; id: string }> {
  const convo = await weft.conversation({
    instructions: 'You are a weather assistant.',
    execution: 'stream',
  });
  const events: SendEvent[] = [];
  const texts: string[] = [];
  for (const input of ['What is the weather in Paris?', 'thanks']) {
    const turn = convo.send(input);
    for await (const event of turn.events()) events.push(event);
    texts.push((await turn.result).text);
  }
  return { events, texts, id: convo.id };
}

describe('replay client (streams)', () => {
  it('re-emits a recorded stream: the application receives the same events', async () => {
    const recorded = await streamedAgent(env.weft('A', streaming));
    expect(recorded.events.some((e) => e.type === 'delta')).toBe(true);
    await Promise.all([env.serverA.close(), env.serverB.close()]);

    const client = await createReplayClient({ store: env.store, conversationId: recorded.id });
    const replayed = await streamedAgent(
      env.weft(client, { ...streaming, store: makeMemoryStores() }),
    );
    expect(replayed.texts).toEqual(recorded.texts);
    expect(replayed.events).toEqual(recorded.events);
  });

  it('keeps the recorded pace between events when asked', async () => {
    const recorded = await streamedAgent(env.weft('A', streaming));
    const waits: number[] = [];
    const client = await createReplayClient({
      store: env.store,
      conversationId: recorded.id,
      pace: 'recorded',
      sleep: (ms) => Effect.sync(() => void waits.push(ms)),
    });
    const replayed = await streamedAgent(
      env.weft(client, { ...streaming, store: makeMemoryStores() }),
    );
    expect(replayed.events).toEqual(recorded.events);
    // The recording's clock moves 5 ms per reading, so stored events are spaced and replay waits.
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms) => ms > 0 && ms % 5 === 0)).toBe(true);
  });

  it('synthesises SDK-shaped stream events for a blocking recording', async () => {
    const convo = await env
      .weft('A')
      .conversation({ instructions: 'You are a weather assistant.' });
    await convo.send('What is the weather in Paris?').result;
    const client = await createReplayClient({ store: env.store, conversationId: convo.id });
    const [call] = client.recording.calls;
    const events = await Effect.runPromise(
      Stream.runCollect(client.stream(call?.request ?? { model: 'x' })),
    );
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(types).toContain('response.output_text.delta');
    expect(types).toContain('response.function_call_arguments.delta');
    const args = events.find((e) => e.type === 'response.function_call_arguments.done');
    expect(args).toMatchObject({ arguments: '{"city":"Paris"}' });
    const done = events.at(-1);
    expect(done?.type === 'response.completed' ? done.response.output : []).toEqual(
      call?.turn.output,
    );
  });
});
