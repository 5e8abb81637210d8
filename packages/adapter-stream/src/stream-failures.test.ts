import { createWeft, StreamInterrupted, type SendEvent, type TurnEvent } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { streamStrategy } from './stream-strategy.js';
import { apiKey, streamEnv, words, type StreamEnv } from './test-support.js';

let env: StreamEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

async function drain(events: AsyncIterable<SendEvent>): Promise<SendEvent[]> {
  const out: SendEvent[] = [];
  try {
    for await (const event of events) out.push(event);
  } catch {
    // The send's error is asserted through `result`.
  }
  return out;
}

const textOf = (events: readonly SendEvent[]) =>
  events
    .filter(
      (e): e is Extract<TurnEvent, { type: 'delta' }> => e.type === 'delta' && e.kind === 'text',
    )
    .map((e) => e.delta)
    .join('');

describe('streamStrategy when the stream goes wrong', () => {
  it('a dropped stream fails with StreamInterrupted and keeps the partial output, marked', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(30) } }] } });
    env.server.faults.push({ dropAfterEvents: 9 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    const seen = await drain(handle.events());
    const error = await handle.result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamInterrupted);
    const interrupted = error as StreamInterrupted;
    expect(interrupted.turnId).toBeTypeOf('string');
    expect(interrupted.responseId).toMatch(/^resp_/);
    expect(interrupted.lastSequenceNumber).toBe(8);

    const turn = await run(env.stores.turns.getTurn(interrupted.turnId ?? ''));
    expect(turn.status).toBe('failed');
    expect(turn.partial).toBe(true);
    expect(turn.responseId).toBe(interrupted.responseId);
    expect(turn.error?.tag).toBe('StreamInterrupted');
    const message = turn.output[0];
    expect(message?.type).toBe('message');
    const stored =
      message?.type === 'message'
        ? message.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('')
        : '';
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toBe(textOf(seen));
    expect(words(30).startsWith(stored)).toBe(true);
    const log = await run(env.stores.turns.readEvents(turn.id, 0));
    expect(log.map((e) => e.event.type)).not.toContain('completed');
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));
  });

  it('is not re-sent by the default retry policy once a response id exists', async () => {
    env = await streamEnv({
      script: { rules: [{ reply: { text: words(30) } }] },
      weft: {
        defaults: {
          model: 'scripted-1',
          execution: 'stream',
          retry: { maxAttempts: 3, initialDelayMs: 1 },
        },
      },
    });
    env.server.faults.push({ dropAfterEvents: 6 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    await drain(handle.events());
    await expect(handle.result).rejects.toBeInstanceOf(StreamInterrupted);
    const turns = await run(
      env.stores.turns.childrenOf(
        (await run(env.stores.turns.getConversation(convo.id))).headTurnId ?? 'none',
      ),
    );
    expect(turns).toHaveLength(0);
  });

  it('a malformed frame interrupts the stream', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(20) } }] } });
    // The SDK reports the bad frame on its logger too; keep test output clean.
    const sdk = new OpenAI({ baseURL: env.server.baseURL, apiKey, maxRetries: 0, logLevel: 'off' });
    await env.weft.close();
    env = {
      ...env,
      weft: createWeft({
        client: sdk,
        store: env.stores,
        strategies: { stream: streamStrategy() },
        defaults: { model: 'scripted-1', execution: 'stream', retry: { maxAttempts: 1 } },
      }),
    };
    env.server.faults.push({ malformedAt: 7 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    await drain(handle.events());
    const error = await handle.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterrupted);
    expect((error as StreamInterrupted).detail).toMatch(/malformed/);
    const turn = await run(env.stores.turns.getTurn((error as StreamInterrupted).turnId ?? ''));
    expect(turn).toMatchObject({ status: 'failed', partial: true });
  });

  it('a mid-stream error event ends the turn failed, with a failed event and the output so far', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(12) } }] } });
    env.server.faults.push({ failWith: { code: 'server_error', message: 'The model crashed' } });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    const seen = await drain(handle.events());
    const error = await handle.result.catch((e: unknown) => e);
    expect(error).toMatchObject({ _tag: 'ResponseFailed' });
    const failed = seen.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({
      type: 'failed',
      code: 'server_error',
      message: 'The model crashed',
    });
    const turns = await run(
      env.stores.turns.readEvents(
        (seen.find((e) => e.type === 'created') as { turnId: string }).turnId,
        0,
      ),
    );
    expect(turns.at(-1)?.event.type).toBe('failed');
  });

  it('resumes a dropped background stream from its last sequence number instead of re-sending', async () => {
    const text = words(40);
    env = await streamEnv({
      script: { rules: [{ reply: { text } }] },
      stream: { background: true, resumeDelayMs: 5 },
    });
    env.server.faults.push({ dropAfterEvents: 12 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    const seen = await drain(handle.events());
    const result = await handle.result;
    expect(result.text).toBe(text);
    expect(textOf(seen)).toBe(text);
    expect(seen.filter((e) => e.type === 'created')).toHaveLength(1);
    const log = await run(env.stores.turns.readEvents(result.turn.id, 0));
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));
    expect(result.turn).toMatchObject({ status: 'completed', partial: false });
  });

  it('cancelling mid-stream keeps what arrived', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(50) } }] } });
    env.server.faults.push({ delayBetweenMs: 15 });
    const convo = await env.weft.conversation();
    const handle = convo.send('Hello');
    let count = 0;
    let turnId = '';
    try {
      for await (const event of handle.events()) {
        if (event.type === 'created') turnId = event.turnId;
        if (event.type === 'delta' && ++count === 5) handle.cancel('enough');
      }
    } catch (error) {
      expect(error).toMatchObject({ _tag: 'Cancelled' });
    }
    await expect(handle.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    await new Promise((r) => setTimeout(r, 50));
    const turn = await run(env.stores.turns.getTurn(turnId));
    expect(turn.status).toBe('cancelled');
    expect(turn.output.length).toBe(1);
  });
});
