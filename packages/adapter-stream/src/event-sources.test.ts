import {
  createOpenAIResponsesClient,
  createWeft,
  type ResponsesClientShape,
  type Weft,
  type SendEvent,
  type TurnEvent,
} from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamStrategyOptions } from './stream-options.js';
import { streamStrategy } from './stream-strategy.js';
import { apiKey, streamEnv, words, type StreamEnv } from './test-support.js';

let env: StreamEnv | undefined;
const opened: Weft[] = [];
afterEach(async () => {
  for (const weft of opened.splice(0)) await weft.close();
  await env?.close();
  env = undefined;
});

/** Which read each call took. */
interface Calls {
  iterable: number;
  stream: number;
}

/**
 * The openai client, counting its calls; `iterable: false` leaves out `streamEvents` and
 * `retrieveStreamEvents`, as a client written before them would.
 */
function countingClient(baseURL: string, iterable: boolean, calls: Calls): ResponsesClientShape {
  const { streamEvents, retrieveStreamEvents, stream, retrieveStream, ...rest } =
    createOpenAIResponsesClient({ baseURL, apiKey });
  const counted: ResponsesClientShape = {
    ...rest,
    stream: (params, options) => {
      calls.stream++;
      return stream(params, options);
    },
    retrieveStream: (id, after, options) => {
      calls.stream++;
      return retrieveStream(id, after, options);
    },
  };
  if (!iterable || streamEvents === undefined || retrieveStreamEvents === undefined) return counted;
  return {
    ...counted,
    streamEvents: (params, options) => {
      calls.iterable++;
      return streamEvents(params, options);
    },
    retrieveStreamEvents: (id, after, options) => {
      calls.iterable++;
      return retrieveStreamEvents(id, after, options);
    },
  };
}

async function drain(events: AsyncIterable<SendEvent>): Promise<SendEvent[]> {
  const out: SendEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const textOf = (events: readonly SendEvent[]) =>
  events
    .filter(
      (e): e is Extract<TurnEvent, { type: 'delta' }> => e.type === 'delta' && e.kind === 'text',
    )
    .map((e) => e.delta)
    .join('');

describe.each([
  { source: 'the event iterable', iterable: true },
  { source: 'the Stream API (a client without streamEvents)', iterable: false },
])('streamStrategy reading $source', ({ iterable }) => {
  /** A Weft on `env`'s server and stores whose client counts which read each call took. */
  function weftOn(current: StreamEnv, calls: Calls, stream: StreamStrategyOptions = {}): Weft {
    const weft = createWeft({
      client: countingClient(current.server.baseURL, iterable, calls),
      store: current.stores,
      strategies: { stream: streamStrategy(stream) },
      defaults: { model: 'scripted-1', execution: 'stream', retry: { maxAttempts: 1 } },
    });
    opened.push(weft);
    return weft;
  }

  it('reports every delta, stores the output and logs every event', async () => {
    const calls: Calls = { iterable: 0, stream: 0 };
    const text = words(200);
    env = await streamEnv({ script: { rules: [{ reply: { text } }] } });
    const convo = await weftOn(env, calls).conversation();
    const handle = convo.send('Tell me');
    const seen = await drain(handle.events());
    const result = await handle.result;
    expect(textOf(seen)).toBe(text);
    expect(result.text).toBe(text);
    expect(seen.at(-1)?.type).toBe('completed');
    const log = await Effect.runPromise(env.stores.turns.readEvents(result.turn.id, 0));
    expect(log.map((e) => e.event)).toEqual(seen.filter((e) => e.type !== 'turn.started'));
    expect(calls).toEqual(iterable ? { iterable: 1, stream: 0 } : { iterable: 0, stream: 1 });
  });

  it('resumes a dropped background stream through the same kind of read', async () => {
    const calls: Calls = { iterable: 0, stream: 0 };
    const text = words(40);
    env = await streamEnv({ script: { rules: [{ reply: { text } }] } });
    env.server.faults.push({ dropAfterEvents: 12 });
    const convo = await weftOn(env, calls, { background: true, resumeDelayMs: 1 }).conversation();
    const handle = convo.send('Tell me');
    const seen = await drain(handle.events());
    const result = await handle.result;
    expect(textOf(seen)).toBe(text);
    expect(result.turn.status).toBe('completed');
    expect(calls).toEqual(iterable ? { iterable: 2, stream: 0 } : { iterable: 0, stream: 2 });
  });
});
