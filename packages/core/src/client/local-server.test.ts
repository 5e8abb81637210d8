/**
 * The default client through the real SDK, over real HTTP, against `@weft/local-server`.
 */
import { Effect, Exit, Fiber, Stream } from 'effect';
import { TestClock } from 'effect/testing';
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TurnEvent } from '../domain/events.js';
import { makeMemoryTurnStore } from '../memory/memory-turn-store.js';
import type { StrategyContext } from '../ports/execution-strategy.js';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import { decideRetry, withRetry, type RetryEvent } from '../retry/retry-policy.js';
import { blockingStrategy } from '../strategy/blocking.js';
import { createOpenAIResponsesClient, type FetchLike } from './openai-responses-client.js';

const SECRET = 'sk-weft-sentinel-local-5e6f7a8b';
const model = 'gpt-5';

let server: LocalServer;
let client: ResponsesClientShape;
let signals: AbortSignal[];

const recordingFetch: FetchLike = (input, init) => {
  if (init?.signal) signals.push(init.signal);
  return fetch(input, init);
};

const fault = (spec: Record<string, unknown>) => ({
  headers: { 'x-weft-fault': JSON.stringify(spec) },
});
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const fail = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.flip(effect));

/** Runs `withRetry` over real HTTP while driving the sleeps with the test clock. */
async function retried<A, E>(
  effect: Effect.Effect<A, E>,
  policy: Parameters<typeof withRetry>[0] = {},
) {
  const events: RetryEvent<E>[] = [];
  let announce: () => void = () => undefined;
  const program = Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(
      Effect.exit(
        withRetry(policy, effect, {
          random: () => 0,
          onRetry: (event) => {
            events.push(event);
            announce();
          },
        }),
      ),
    );
    for (;;) {
      const announced = new Promise<'retry'>((resolve) => (announce = () => resolve('retry')));
      const outcome = yield* Effect.race(
        Effect.promise(() => announced),
        Effect.map(Fiber.join(fiber), () => 'done' as const),
      );
      if (outcome === 'done') break;
      yield* TestClock.adjust(events.at(-1)?.delayMs ?? 0);
    }
    return yield* Fiber.join(fiber);
  });
  const exit = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
  return { exit, events };
}

beforeAll(async () => {
  server = await startLocalServer({ seed: 1 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.faults.clear();
  signals = [];
  client = createOpenAIResponsesClient({
    baseURL: server.baseURL,
    apiKey: SECRET,
    fetch: recordingFetch,
  });
});

describe('the port over the local server', () => {
  it('create, retrieve, inputItems, delete', async () => {
    const created = await run(
      client.create({
        model,
        input: [
          { role: 'user', content: 'first' },
          { role: 'user', content: 'Hello there' },
        ],
      }),
    );
    expect(created.status).toBe('completed');
    expect(created.output_text).toContain('Hello there');

    const again = await run(client.retrieve(created.id));
    expect(again.id).toBe(created.id);
    expect(again.output_text).toBe(created.output_text);

    const items = await run(client.inputItems(created.id));
    expect(items.map((i) => (i.type === 'message' ? i.content : null))).toMatchObject([
      [{ text: 'first' }],
      [{ text: 'Hello there' }],
    ]);

    await run(client.delete(created.id));
    expect(await fail(client.retrieve(created.id))).toMatchObject({
      _tag: 'ResponseNotFound',
      responseId: created.id,
    });
  });

  it('inputItems follows pages until every item is read', async () => {
    const input = Array.from({ length: 130 }, (_, i) => ({
      role: 'user' as const,
      content: `m${i}`,
    }));
    const created = await run(client.create({ model, input }));
    const items = await run(client.inputItems(created.id));
    expect(items).toHaveLength(130);
    expect(items[129]).toMatchObject({ content: [{ text: 'm129' }] });
  });

  it('streams a response to its terminal event', async () => {
    const events = await run(Stream.runCollect(client.stream({ model, input: 'Hello' })));
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('retrieveStream resumes a background response after a cursor; cancel stops one', async () => {
    const queued = await run(client.create({ model, input: 'Hello', background: true }));
    expect(['queued', 'in_progress']).toContain(queued.status);
    const events = await run(Stream.runCollect(client.retrieveStream(queued.id, 1)));
    expect(events[0]?.sequence_number).toBe(2);
    expect(events.some((e) => e.type === 'response.created')).toBe(false);
    expect(events.at(-1)?.type).toBe('response.completed');

    const stalled = await run(
      client.create({ model, input: 'Hello', background: true }, fault({ background: 'stall' })),
    );
    const cancelled = await run(client.cancel(stalled.id));
    expect(cancelled.status).toBe('cancelled');
  });

  it('creates and deletes a server conversation', async () => {
    const conv = await run(
      client.createConversation({
        metadata: { topic: 'test' },
        items: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(conv.id).toMatch(/^conv_/);
    expect(conv.metadata).toEqual({ topic: 'test' });
    await run(client.deleteConversation(conv.id));
  });

  it('previous_response_not_found → PreviousResponseNotFound', async () => {
    expect(
      await fail(client.create({ model, input: 'x', previous_response_id: 'resp_nope' })),
    ).toMatchObject({ _tag: 'PreviousResponseNotFound', responseId: 'resp_nope' });
  });

  it('a wrong key is Unauthorized and the key appears nowhere in the error', async () => {
    const guarded = await startLocalServer({ seed: 2, apiKey: 'the-right-key' });
    try {
      const wrong = createOpenAIResponsesClient({ baseURL: guarded.baseURL, apiKey: SECRET });
      const err = await fail(wrong.create({ model, input: 'x' }));
      expect(err._tag).toBe('Unauthorized');
      for (const text of [String(err), JSON.stringify(err), err.message, err.stack ?? '']) {
        expect(text).not.toContain(SECRET);
      }
    } finally {
      await guarded.close();
    }
  });
});

describe('faults over real HTTP', () => {
  it('429 with Retry-After: the computed delay is the server’s, then success', async () => {
    const err = await fail(
      client.create({ model, input: 'x' }, fault({ status: 429, retryAfterSeconds: 1 })),
    );
    expect(err).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 1000 });
    expect(decideRetry(err, 1, {}, Math.random)).toMatchObject({ retry: true, delayMs: 1000 });

    server.faults.push({ status: 429, retryAfterSeconds: 1 });
    const { exit, events } = await retried(client.create({ model, input: 'Hello' }));
    expect(Exit.isSuccess(exit)).toBe(true);
    expect(events.map((e) => [e.attempt, e.delayMs, e.error._tag])).toEqual([
      [1, 1000, 'RateLimited'],
    ]);
  });

  it('503 is retried, then succeeds', async () => {
    server.faults.push({ status: 503, times: 2 });
    const { exit, events } = await retried(client.create({ model, input: 'Hello' }));
    expect(Exit.isSuccess(exit)).toBe(true);
    expect(events.map((e) => [e.attempt, e.delayMs])).toEqual([
      [1, 500],
      [2, 1000],
    ]);
  });

  it('400 is not retried', async () => {
    server.faults.push({ unsupportedRoute: true, times: 3 });
    const { exit, events } = await retried(client.create({ model, input: 'Hello' }));
    expect(events).toEqual([]);
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain('InvalidRequest');
  });

  it('a timeout is not re-sent unless retryUnsafe', async () => {
    const slow = createOpenAIResponsesClient({
      baseURL: server.baseURL,
      apiKey: SECRET,
      timeoutMs: 100,
    });
    server.faults.push({ delayFirstMs: 1000 });
    const first = await retried(slow.create({ model, input: 'Hello' }));
    expect(first.events).toEqual([]);
    expect(Exit.isFailure(first.exit) && String(first.exit.cause)).toContain('Timeout');

    server.faults.push({ delayFirstMs: 1000 });
    const second = await retried(slow.create({ model, input: 'Hello' }), { retryUnsafe: true });
    expect(second.events.map((e) => e.error._tag)).toEqual(['Timeout']);
    expect(Exit.isSuccess(second.exit)).toBe(true);
  });

  it('interrupting a call aborts its HTTP request at once', async () => {
    const exit = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          client.create({ model, input: 'Hello' }, fault({ delayFirstMs: 10_000 })),
        );
        yield* Effect.sleep(50);
        yield* Fiber.interrupt(fiber);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(Exit.hasInterrupts(exit)).toBe(true);
    expect(signals.at(-1)?.aborted).toBe(true);
  });

  it('closing a slow stream early aborts its request', async () => {
    const first = await run(
      Stream.runCollect(
        Stream.take(client.stream({ model, input: 'Hello' }, fault({ delayBetweenMs: 10_000 })), 1),
      ),
    );
    expect(first.map((e) => e.type)).toEqual(['response.created']);
    expect(signals.at(-1)?.aborted).toBe(true);
  });

  it('a dropped stream → StreamInterrupted with the last sequence number and response id', async () => {
    const err = await fail(
      Stream.runDrain(client.stream({ model, input: 'Hello' }, fault({ dropAfterEvents: 3 }))),
    );
    expect(err).toMatchObject({ _tag: 'StreamInterrupted', lastSequenceNumber: 2 });
    expect(err._tag === 'StreamInterrupted' && err.responseId).toMatch(/^resp_/);
    expect(decideRetry(err, 1, {}, Math.random)).toMatchObject({ retry: false });
  });

  it('a malformed frame → StreamInterrupted', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const err = await fail(
        Stream.runDrain(client.stream({ model, input: 'Hello' }, fault({ malformedAt: 2 }))),
      );
      expect(err).toMatchObject({ _tag: 'StreamInterrupted', lastSequenceNumber: 1 });
    } finally {
      quiet.mockRestore();
    }
  });

  it('a mid-stream error event is mapped by its code', async () => {
    const err = await fail(
      Stream.runDrain(
        client.stream(
          { model, input: 'Hello' },
          fault({ failWith: { code: 'server_error', message: 'Boom' } }),
        ),
      ),
    );
    expect(err).toMatchObject({ _tag: 'ServerError', status: undefined, code: 'server_error' });
  });
});

describe('blockingStrategy over the local server', () => {
  it('writes the response id before emitting anything', async () => {
    const memory = makeMemoryTurnStore();
    const timeline: string[] = [];
    const events: TurnEvent[] = [];
    const store: TurnStoreShape = {
      ...memory,
      recordResponseId: (turnId, responseId, at) =>
        Effect.tap(memory.recordResponseId(turnId, responseId, at), () =>
          Effect.sync(() => timeline.push('recordResponseId')),
        ),
    };
    await run(memory.createConversation({ id: 'conv_1', createdAt: 0 }));
    await run(
      memory.beginTurn({
        id: 'turn_1',
        conversationId: 'conv_1',
        parentId: null,
        request: { input: [], params: { model } },
        contextStrategy: 'local',
        executionStrategy: 'blocking',
        createdAt: 0,
      }),
    );
    const context: StrategyContext = {
      turnId: 'turn_1',
      conversationId: 'conv_1',
      client,
      store,
      jobs: undefined,
      now: () => 42,
      emit: (event) => {
        events.push(event);
        timeline.push(event.type);
      },
      timeoutMs: 5000,
    };
    const response = await run(blockingStrategy().run({ model, input: 'Hello' }, context));
    expect(timeline[0]).toBe('recordResponseId');
    expect(timeline.slice(1, 2)).toEqual(['created']);
    expect(timeline.at(-1)).toBe('completed');
    expect(timeline.filter((t) => t === 'item.done')).toHaveLength(response.output.length);
    expect((await run(memory.getTurn('turn_1'))).responseId).toBe(response.id);
  });
});
