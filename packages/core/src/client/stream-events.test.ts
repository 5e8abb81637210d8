import { Cause, Effect, Exit, Fiber, type Scope } from 'effect';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ClientError } from '../errors.js';
import type { ResponseEventIterable } from '../ports/responses-client.js';
import { apiError, fakeFetch, sse, streamFrames, type Handler } from './fake-fetch.test-support.js';
import { resolveTelemetry } from '../telemetry/telemetry.js';
import { memoryOtel } from '../telemetry/otel.test-support.js';
import { instrumentResponsesClient } from '../telemetry/traced-client.js';
import { createOpenAIResponsesClient } from './openai-responses-client.js';

const SECRET = 'sk-weft-sentinel-9f8e7d6c5b4a';

function clientWith(handler: Handler) {
  const fake = fakeFetch(handler);
  const client = createOpenAIResponsesClient({
    baseURL: 'http://fake.test/v1',
    apiKey: SECRET,
    fetch: fake.fetch,
  });
  const streamEvents = client.streamEvents;
  const retrieveStreamEvents = client.retrieveStreamEvents;
  if (streamEvents === undefined || retrieveStreamEvents === undefined)
    throw new Error('the openai client offers the iterable reads');
  return { client, streamEvents, retrieveStreamEvents, requests: fake.requests };
}

/** Opens the iterable in a scope, reads it with `for await`, and reports what it saw and threw. */
function readAll(
  open: Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope>,
  stopAfter = Infinity,
): Promise<{ events: ResponseStreamEvent[]; error: unknown; response: unknown }> {
  return Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(open, (iterable) =>
        Effect.promise(async () => {
          const events: ResponseStreamEvent[] = [];
          let error: unknown;
          try {
            for await (const event of iterable) {
              events.push(event);
              if (events.length >= stopAfter) break;
            }
          } catch (thrown) {
            error = thrown;
          }
          return { events, error, response: iterable.response };
        }),
      ),
    ),
  );
}

describe('streamEvents: the stream as a plain async iterable', () => {
  it('yields every event, ends after the terminal one although the body stays open, and aborts', async () => {
    let seen: AbortSignal | undefined;
    const { streamEvents } = clientWith(({ signal }) => {
      seen = signal;
      return sse(streamFrames('resp_i'), { keepOpen: true, signal });
    });
    const { events, error, response } = await readAll(streamEvents({ model: 'm', input: 'x' }));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_text.delta',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(response).toMatchObject({ id: 'resp_i', status: 'completed' });
    expect(seen?.aborted).toBe(true);
  });

  it('a body that ends before the terminal event throws StreamInterrupted with the position', async () => {
    const { streamEvents } = clientWith(() => sse(streamFrames('resp_i').slice(0, 3)));
    const { events, error } = await readAll(streamEvents({ model: 'm', input: 'x' }));
    expect(events).toHaveLength(3);
    expect(error).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_i',
      lastSequenceNumber: 2,
    });
  });

  it('a body that breaks throws StreamInterrupted; an error event throws its mapped tag', async () => {
    const broken = clientWith(() =>
      sse(streamFrames('resp_i').slice(0, 2), { failWith: new TypeError('terminated') }),
    );
    expect((await readAll(broken.streamEvents({ model: 'm', input: 'x' }))).error).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_i',
      lastSequenceNumber: 1,
    });
    const limited = clientWith(() =>
      sse([
        streamFrames('resp_i')[0]!,
        {
          type: 'error',
          sequence_number: 1,
          code: 'rate_limit_exceeded',
          message: 'slow',
          param: null,
        },
      ]),
    );
    expect((await readAll(limited.streamEvents({ model: 'm', input: 'x' }))).error).toMatchObject({
      _tag: 'RateLimited',
      code: 'rate_limit_exceeded',
    });
  });

  it('a refused request fails the opening Effect, with no secret in the error', async () => {
    const { streamEvents } = clientWith(() =>
      apiError(401, `bad key ${SECRET}`, { code: 'invalid_api_key' }),
    );
    const exit = await Effect.runPromiseExit(
      Effect.scoped(streamEvents({ model: 'm', input: 'x' })),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    const error = Exit.isFailure(exit) ? JSON.stringify(exit.cause) : '';
    expect(error).toContain('Unauthorized');
    expect(error).not.toContain(SECRET);
  });

  it('breaking out early aborts the request; later reads end', async () => {
    let seen: AbortSignal | undefined;
    const { streamEvents } = clientWith(({ signal }) => {
      seen = signal;
      return sse(streamFrames('resp_i'), { keepOpen: true, signal });
    });
    const { events, error } = await readAll(streamEvents({ model: 'm', input: 'x' }), 1);
    expect(events).toHaveLength(1);
    expect(error).toBeUndefined();
    expect(seen?.aborted).toBe(true);
  });

  it('closing the scope while a read is pending aborts the request and ends the read', async () => {
    let seen: AbortSignal | undefined;
    const { streamEvents } = clientWith(({ signal }) => {
      seen = signal;
      return sse(streamFrames('resp_i').slice(0, 1), { keepOpen: true, signal });
    });
    let pending: Promise<unknown> | undefined;
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.scoped(
            Effect.flatMap(streamEvents({ model: 'm', input: 'x' }), (iterable) => {
              const iterator = iterable[Symbol.asyncIterator]();
              pending = iterator.next().then(() => iterator.next());
              return Effect.never;
            }),
          ),
        );
        yield* Effect.sleep(30);
        yield* Fiber.interrupt(fiber);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(Exit.hasInterrupts(exit)).toBe(true);
    expect(seen?.aborted).toBe(true);
    // The pending read settles (ended or rejected), it does not hang.
    await expect(
      pending?.then(
        (r) => r,
        (e: unknown) => e,
      ),
    ).resolves.toBeDefined();
  });

  it('retrieveStreamEvents starts after the cursor and reports it when nothing comes', async () => {
    const { retrieveStreamEvents, requests } = clientWith(() =>
      sse(streamFrames('resp_b').slice(3)),
    );
    const { events } = await readAll(retrieveStreamEvents('resp_b', 2));
    expect(events.map((e) => e.sequence_number)).toEqual([3, 4]);
    expect(requests[0]?.url.searchParams.get('starting_after')).toBe('2');
    const empty = clientWith(() => sse([]));
    expect((await readAll(empty.retrieveStreamEvents('resp_b', 9))).error).toMatchObject({
      _tag: 'StreamInterrupted',
      responseId: 'resp_b',
      lastSequenceNumber: 9,
    });
  });

  it('through a traced client: one chat span, ended with the terminal Response or the error', async () => {
    const otel = memoryOtel();
    const telemetry = resolveTelemetry({ tracer: otel.tracer, meter: otel.meter });
    const { client } = clientWith(() => sse(streamFrames('resp_t')));
    const traced = instrumentResponsesClient(client, telemetry);
    expect(traced.streamEvents).toBeTypeOf('function');
    const { events } = await readAll(traced.streamEvents!({ model: 'm', input: 'x' }));
    expect(events).toHaveLength(5);
    const [span] = otel.spans();
    expect(span?.name).toBe('chat m');
    expect(span?.attributes).toMatchObject({ 'gen_ai.response.id': 'resp_t' });

    otel.reset();
    const broken = clientWith(() => sse(streamFrames('resp_t').slice(0, 2)));
    const failing = instrumentResponsesClient(broken.client, telemetry);
    // The reader's scope ends with the error, as the stream strategy's does.
    const exit = await Effect.runPromiseExit(
      Effect.scoped(
        Effect.flatMap(failing.streamEvents!({ model: 'm', input: 'x' }), (iterable) =>
          Effect.tryPromise({
            try: async () => {
              for await (const _event of iterable);
            },
            catch: (thrown) => thrown as ClientError,
          }),
        ),
      ),
    );
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined;
    expect(error).toMatchObject({ _tag: 'StreamInterrupted' });
    const failed = otel.spans().filter((s) => s.attributes['error.type'] === 'StreamInterrupted');
    expect(failed).toHaveLength(1);
  });
});
