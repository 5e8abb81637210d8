import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Effect, Exit, Fiber, Stream } from 'effect';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ResponsesClient } from '../ports/responses-client.js';
import {
  apiError,
  fakeFetch,
  json,
  responseBody,
  sse,
  streamFrames,
  type Handler,
} from './fake-fetch.test-support.js';
import {
  createOpenAIResponsesClient,
  openAIResponsesClientLayer,
} from './openai-responses-client.js';

const SECRET = 'sk-weft-sentinel-0a1b2c3d4e5f';
const baseURL = 'http://fake.test/v1';

function clientWith(handler: Handler, extra: { timeoutMs?: number } = {}) {
  const fake = fakeFetch(handler);
  const client = createOpenAIResponsesClient({
    baseURL,
    apiKey: SECRET,
    fetch: fake.fetch,
    ...extra,
  });
  return { client, requests: fake.requests };
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const fail = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.flip(effect));

describe('createOpenAIResponsesClient over a fake fetch', () => {
  it('creates a blocking response and never lets the SDK retry', async () => {
    const { client, requests } = clientWith(() => json(responseBody('resp_1')));
    const response = await run(client.create({ model: 'scripted', input: 'hi' }));
    expect(response.id).toBe('resp_1');
    expect(response.output_text).toBe('hello');
    expect(requests[0]?.body).toMatchObject({ model: 'scripted', input: 'hi', stream: false });
    expect(requests[0]?.url.pathname).toBe('/v1/responses');
    expect(client.provider).toBe('fake.test');

    const failing = clientWith(() => apiError(503, 'busy'));
    expect(await fail(failing.client.create({ model: 'm', input: 'x' }))).toMatchObject({
      _tag: 'ServerError',
      status: 503,
    });
    expect(failing.requests).toHaveLength(1);
  });

  it("passes maxRetries 0 per request to the user's own client", async () => {
    const fake = fakeFetch(() => apiError(500, 'down'));
    const sdk = new OpenAI({ baseURL, apiKey: SECRET, fetch: fake.fetch, maxRetries: 5 });
    const client = createOpenAIResponsesClient({ client: sdk, provider: 'mine' });
    expect(client.provider).toBe('mine');
    expect(await fail(client.retrieve('resp_1'))).toMatchObject({
      _tag: 'ServerError',
      status: 500,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('sends per-call headers and timeouts', async () => {
    const { client, requests } = clientWith(() => json(responseBody('resp_1')));
    await run(client.retrieve('resp_1', { headers: { 'x-trace': 't1' }, timeoutMs: 5000 }));
    expect(requests[0]?.headers.get('x-trace')).toBe('t1');
    expect(requests[0]?.url.pathname).toBe('/v1/responses/resp_1');
  });

  it('never puts the API key in an error, even when the server echoes it', async () => {
    const { client } = clientWith(({ headers }) =>
      apiError(401, `Incorrect API key provided: ${headers.get('authorization') ?? ''}`),
    );
    const err = await fail(client.create({ model: 'm', input: 'x' }));
    expect(err._tag).toBe('Unauthorized');
    for (const text of [String(err), JSON.stringify(err), err.message, err.stack ?? '']) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('keeps credential headers out of errors too', async () => {
    const token = 'tok-sentinel-77aa88bb99cc';
    const fake = fakeFetch(({ headers }) =>
      apiError(
        403,
        `denied for ${headers.get('x-api-token') ?? ''} / ${headers.get('x-session') ?? ''}`,
      ),
    );
    const client = createOpenAIResponsesClient({
      baseURL,
      apiKey: SECRET,
      fetch: fake.fetch,
      headers: { 'x-api-token': token },
    });
    const err = await fail(
      client.create({ model: 'm', input: 'x' }, { headers: { 'x-session': `${token}-2` } }),
    );
    expect(err._tag).toBe('Forbidden');
    expect(JSON.stringify(err) + err.message).not.toContain(token);
  });

  it('interrupting a pending call aborts its HTTP request', async () => {
    let seen: AbortSignal | undefined;
    const { client } = clientWith(
      ({ signal }) =>
        new Promise<Response>((_resolve, reject) => {
          seen = signal;
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    );
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(client.create({ model: 'm', input: 'x' }));
        yield* Effect.sleep(20);
        yield* Fiber.interrupt(fiber);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(Exit.hasInterrupts(exit)).toBe(true);
    expect(seen?.aborted).toBe(true);
  });

  it('streams events and stops after the terminal event even if the body stays open', async () => {
    let seen: AbortSignal | undefined;
    const { client, requests } = clientWith(({ signal }) => {
      seen = signal;
      return sse(streamFrames('resp_s'), { keepOpen: true, signal });
    });
    const events = await run(Stream.runCollect(client.stream({ model: 'm', input: 'x' })));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_text.delta',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(requests[0]?.body).toMatchObject({ stream: true });
    expect(seen?.aborted).toBe(true);
  });

  it('closing a stream early aborts the request, even with a read pending', async () => {
    let seen: AbortSignal | undefined;
    const { client } = clientWith(({ signal }) => {
      seen = signal;
      return sse(streamFrames('resp_s').slice(0, 1), { keepOpen: true, signal });
    });
    const first = await run(
      Stream.runCollect(Stream.take(client.stream({ model: 'm', input: 'x' }), 1)),
    );
    expect(first).toHaveLength(1);
    expect(seen?.aborted).toBe(true);

    // Interrupt while the next read is pending (the body is silent after the first event).
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Stream.runDrain(client.stream({ model: 'm', input: 'x' })),
        );
        yield* Effect.sleep(30);
        yield* Fiber.interrupt(fiber);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(Exit.hasInterrupts(exit)).toBe(true);
    expect(seen?.aborted).toBe(true);
  });

  it('a stream that ends without a terminal event fails with StreamInterrupted', async () => {
    const { client } = clientWith(() => sse(streamFrames('resp_s').slice(0, 3)));
    expect(await fail(Stream.runDrain(client.stream({ model: 'm', input: 'x' })))).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_s',
      lastSequenceNumber: 2,
    });
  });

  it('a body that breaks mid-stream fails with StreamInterrupted', async () => {
    const { client } = clientWith(() =>
      sse(streamFrames('resp_s').slice(0, 2), { failWith: new TypeError('terminated') }),
    );
    expect(await fail(Stream.runDrain(client.stream({ model: 'm', input: 'x' })))).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_s',
      lastSequenceNumber: 1,
    });
  });

  it('maps a mid-stream error event by its code', async () => {
    const { client } = clientWith(() =>
      sse([
        streamFrames('resp_s')[0]!,
        {
          type: 'error',
          sequence_number: 1,
          code: 'rate_limit_exceeded',
          message: 'slow',
          param: null,
        },
      ]),
    );
    expect(await fail(Stream.runDrain(client.stream({ model: 'm', input: 'x' })))).toMatchObject({
      _tag: 'RateLimited',
      code: 'rate_limit_exceeded',
    });
  });

  it('retrieveStream passes the cursor to the server', async () => {
    const { client, requests } = clientWith(() => sse(streamFrames('resp_b').slice(3)));
    const events = await run(Stream.runCollect(client.retrieveStream('resp_b', 2)));
    expect(events.map((e) => e.sequence_number)).toEqual([3, 4]);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.pathname).toBe('/v1/responses/resp_b');
    expect(requests[0]?.url.searchParams.get('stream')).toBe('true');
    expect(requests[0]?.url.searchParams.get('starting_after')).toBe('2');

    const empty = clientWith(() => sse([]));
    expect(await fail(Stream.runDrain(empty.client.retrieveStream('resp_b', 9)))).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_b',
      lastSequenceNumber: 9,
    });
  });

  it('inputItems follows every page, oldest first', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      id: `item_${i}`,
      type: 'message',
      role: 'user',
      status: 'completed',
      content: [{ type: 'input_text', text: `m${i}` }],
    }));
    const { client, requests } = clientWith(({ url }) => {
      const after = url.searchParams.get('after');
      const start = after === null ? 0 : items.findIndex((i) => i.id === after) + 1;
      const page = items.slice(start, start + 2);
      return json({
        object: 'list',
        data: page,
        first_id: page[0]?.id ?? null,
        last_id: page.at(-1)?.id ?? null,
        has_more: start + 2 < items.length,
      });
    });
    const got = await run(client.inputItems('resp_1'));
    expect(got.map((i) => i.id)).toEqual(items.map((i) => i.id));
    expect(requests).toHaveLength(3);
    expect(requests[0]?.url.searchParams.get('order')).toBe('asc');
  });

  it('cancel, delete and 404s', async () => {
    const { client, requests } = clientWith(({ method, url }) => {
      if (url.pathname.endsWith('/missing') || url.pathname.endsWith('/missing/cancel')) {
        return apiError(404, 'No response found');
      }
      if (method === 'DELETE') return json({ id: 'resp_1', object: 'response', deleted: true });
      return json(responseBody('resp_1', 'cancelled'));
    });
    expect((await run(client.cancel('resp_1'))).status).toBe('cancelled');
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.pathname).toBe('/v1/responses/resp_1/cancel');
    await run(client.delete('resp_1'));
    expect(requests[1]?.method).toBe('DELETE');
    for (const effect of [
      client.retrieve('missing'),
      client.cancel('missing'),
      client.delete('missing'),
    ]) {
      expect(await fail(effect as Effect.Effect<unknown, unknown>)).toMatchObject({
        _tag: 'ResponseNotFound',
        responseId: 'missing',
      });
    }
  });

  it('creates and deletes server conversations', async () => {
    const { client, requests } = clientWith(({ method }) =>
      method === 'DELETE'
        ? json({ id: 'conv_1', object: 'conversation.deleted', deleted: true })
        : json({
            id: 'conv_1',
            object: 'conversation',
            created_at: 1_767_225_600,
            metadata: { k: 'v' },
          }),
    );
    const conv = await run(
      client.createConversation({ metadata: { k: 'v' }, items: [{ role: 'user', content: 'hi' }] }),
    );
    expect(conv).toEqual({ id: 'conv_1', createdAt: 1_767_225_600_000, metadata: { k: 'v' } });
    expect(requests[0]?.body).toEqual({
      metadata: { k: 'v' },
      items: [{ role: 'user', content: 'hi' }],
    });
    await run(client.deleteConversation('conv_1'));
    expect(requests[1]?.url.pathname).toBe('/v1/conversations/conv_1');
  });

  it('a refused connection is ServerError notSent', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = createOpenAIResponsesClient({
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: SECRET,
    });
    expect(await fail(client.retrieve('resp_1'))).toMatchObject({
      _tag: 'ServerError',
      code: 'ECONNREFUSED',
      notSent: true,
    });
  });

  it('the SDK timeout becomes Timeout with the limit that applied', async () => {
    const { client } = clientWith(
      ({ signal }) =>
        new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
      { timeoutMs: 30 },
    );
    expect(await fail(client.create({ model: 'm', input: 'x' }))).toMatchObject({
      _tag: 'Timeout',
      timeoutMs: 30,
      operation: 'responses.create',
    });
  });

  it('provides the ResponsesClient service through a layer', async () => {
    const fake = fakeFetch(() => json(responseBody('resp_l')));
    const program = Effect.gen(function* () {
      const client = yield* ResponsesClient;
      return yield* client.retrieve('resp_l');
    });
    const response = await run(
      Effect.provide(
        program,
        openAIResponsesClientLayer({ baseURL, apiKey: 'k', fetch: fake.fetch }),
      ),
    );
    expect(response.id).toBe('resp_l');
  });
});
