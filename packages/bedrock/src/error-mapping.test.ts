import { Forbidden, InvalidRequest, RateLimited, Unauthorized, type ClientError } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { bedrock } from './bedrock.js';
import { startLocalBedrock, type LocalBedrock } from './internal/local-bedrock.test-support.js';

let running: LocalBedrock | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const fail = (local: LocalBedrock, model = local.bedrock.model): Promise<ClientError> =>
  Effect.runPromise(Effect.flip(local.bedrock.client.create({ model, input: 'hi' })));

/** A `fetch` that answers every request with one JSON error. */
function answering(status: number, error: Record<string, unknown>): typeof fetch {
  return () =>
    Promise.resolve(
      new Response(JSON.stringify({ error }), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
}

describe('Bedrock errors over the local server', () => {
  it('429 → RateLimited with token-quota advice', async () => {
    running = await startLocalBedrock('mantle');
    running.server.faults.push({ status: 429 });
    const error = await fail(running);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error.message).toContain('token quotas per minute');
    expect(error.message).toContain('request a quota increase');
    expect(error.message).toContain('lower max_output_tokens');
  });

  it('429 on runtime names its per-minute and per-day quotas', async () => {
    running = await startLocalBedrock('runtime');
    running.server.faults.push({ status: 429 });
    expect((await fail(running)).message).toContain('tokens-per-day');
  });

  it('403 → Forbidden: request model access in the console for the region', async () => {
    running = await startLocalBedrock('mantle');
    running.server.faults.push({ status: 403 });
    const error = await fail(running);
    expect(error).toBeInstanceOf(Forbidden);
    expect(error).toMatchObject({
      _tag: 'Forbidden',
      status: 403,
      region: 'us-east-1',
      model: 'openai.gpt-oss-120b',
    });
    expect(error.message).toContain('request model access in the Bedrock console for us-east-1');
  });

  it('"isn\'t supported on this route" → InvalidRequest naming the right prefix', async () => {
    running = await startLocalBedrock('mantle');
    running.server.faults.push({ unsupportedRoute: true });
    const error = await fail(running);
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error).toMatchObject({ _tag: 'InvalidRequest', expectedRoute: '/v1', usedRoute: '/v1' });
    expect(error.message).toContain('it lives under /v1');
  });

  it('a refused key (401) → Unauthorized: short-term keys last ≤ 12 h; refresh', async () => {
    running = await startLocalBedrock('mantle', {
      serverKey: 'the-right-key',
      apiKey: 'an-expired-key',
    });
    const error = await fail(running);
    expect(error).toBeInstanceOf(Unauthorized);
    expect(error.message).toContain('Short-term keys last ≤ 12 h');
    expect(error.message).toContain('refresh the key');
  });

  it('a right key passes', async () => {
    running = await startLocalBedrock('mantle', {
      serverKey: 'the-right-key',
      apiKey: 'the-right-key',
    });
    const response = await Effect.runPromise(
      running.bedrock.client.create({ model: running.bedrock.model, input: 'hi' }),
    );
    expect(response.status).toBe('completed');
    expect(running.sent[0]?.authorization).toBe('Bearer the-right-key');
  });
});

describe('Bedrock errors from recorded answers', () => {
  const client = (fetchImpl: typeof fetch, model = 'openai.gpt-oss-120b') =>
    bedrock({ model, region: 'eu-west-1', apiKey: 'k-123456', env: {}, fetch: fetchImpl });

  it("the misleading 401 access_denied '…not enabled for this account' → Forbidden", async () => {
    const { client: c } = client(
      answering(401, {
        message: 'Model access is not enabled for this account.',
        type: 'access_denied',
        code: 'access_denied',
        param: null,
      }),
    );
    const error = await Effect.runPromise(
      Effect.flip(c.create({ model: 'openai.gpt-oss-120b', input: 'hi' })),
    );
    expect(error).toBeInstanceOf(Forbidden);
    expect(error).toMatchObject({ status: 401, region: 'eu-west-1' });
    expect(error.message).toContain('request model access in the Bedrock console for eu-west-1');
  });

  it('an unknown model (404) → InvalidRequest with how to list models', async () => {
    const { client: c } = client(
      answering(404, {
        message: 'The model `openai.gpt-oss-121b` does not exist',
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: 'model',
      }),
      'openai.gpt-oss-121b',
    );
    const error = await Effect.runPromise(
      Effect.flip(c.create({ model: 'openai.gpt-oss-121b', input: 'hi' })),
    );
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error.message).toContain('GET <base URL>/models');
  });

  it('other 400s keep core’s message', async () => {
    const { client: c } = client(
      answering(400, {
        message: 'Unsupported parameter: temperature',
        type: 'invalid_request_error',
        code: null,
        param: 'temperature',
      }),
    );
    const error = await Effect.runPromise(
      Effect.flip(c.create({ model: 'openai.gpt-oss-120b', input: 'hi' })),
    );
    expect(error.message).toContain('Unsupported parameter: temperature');
    expect(error.constructor).toBe(InvalidRequest);
  });

  it('insufficient_quota stays core’s (retrying will not help)', async () => {
    const { client: c } = client(
      answering(429, {
        message: 'quota',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        param: null,
      }),
    );
    const error = await Effect.runPromise(
      Effect.flip(c.create({ model: 'openai.gpt-oss-120b', input: 'hi' })),
    );
    expect(error.constructor).toBe(RateLimited);
  });
});
