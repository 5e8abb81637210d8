import type { SendEvent } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { streamEnv, words, type StreamEnv } from './test-support.js';

let env: StreamEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

/** Reads a send's events until they end or fail; returns what came and the turn it was about. */
async function read(
  events: AsyncIterable<SendEvent>,
  onDelta: (count: number) => void = () => undefined,
): Promise<{ readonly seen: SendEvent[]; readonly turnId: string }> {
  const seen: SendEvent[] = [];
  let turnId = '';
  let deltas = 0;
  try {
    for await (const event of events) {
      seen.push(event);
      if (event.type === 'turn.started') turnId = event.turnId;
      if (event.type === 'delta') onDelta(++deltas);
    }
  } catch {
    // The send's error is asserted through `result`.
  }
  return { seen, turnId };
}

describe('streamStrategy stopped from outside', () => {
  it('a stream slower than timeoutMs fails with Timeout and keeps what arrived, marked', async () => {
    env = await streamEnv({
      script: { rules: [{ reply: { text: words(60) } }] },
      weft: {
        defaults: {
          model: 'scripted-1',
          execution: 'stream',
          timeoutMs: 300,
          retry: { maxAttempts: 1 },
        },
      },
    });
    // ~70 events 40 ms apart: the stream needs ~2.8 s, ten times the limit.
    env.server.faults.push({ delayBetweenMs: 40 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    const { seen, turnId } = await read(handle.events());
    await expect(handle.result).rejects.toMatchObject({ _tag: 'Timeout' });
    const turn = await run(env.stores.turns.getTurn(turnId));
    expect(turn.status).toBe('failed');
    expect(turn.error?.tag).toBe('Timeout');
    expect(turn.partial).toBe(turn.output.length > 0);
    expect(seen.some((e) => e.type === 'completed')).toBe(false);
  });

  it('an aborted AbortSignal cancels mid-stream and keeps what arrived', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(50) } }] } });
    env.server.faults.push({ delayBetweenMs: 15 });
    const convo = await env.weft.conversation();
    const controller = new AbortController();
    const handle = convo.send('Hello', { signal: controller.signal });
    let deltasAtAbort = 0;
    const { seen, turnId } = await read(handle.events(), (count) => {
      if (count === 4) {
        deltasAtAbort = count;
        controller.abort();
      }
    });
    await expect(handle.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    let turn = await run(env.stores.turns.getTurn(turnId));
    for (let i = 0; i < 100 && turn.status !== 'cancelled'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      turn = await run(env.stores.turns.getTurn(turnId));
    }
    expect(turn.status).toBe('cancelled');
    expect(turn.output).toHaveLength(1);
    // Everything the reader saw was kept; the stream stopped well before its end.
    const seenText = seen.map((e) => (e.type === 'delta' ? e.delta : '')).join('');
    const kept = turn.output[0]?.type === 'message' ? turn.output[0].content : [];
    const keptText = kept.map((part) => (part.type === 'output_text' ? part.text : '')).join('');
    expect(deltasAtAbort).toBe(4);
    expect(keptText.startsWith(seenText)).toBe(true);
    expect(keptText.length).toBeLessThan(words(50).length);
  });
});
