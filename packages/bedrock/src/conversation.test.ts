import { createWeft, makeMemoryStores, RateLimited } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalBedrock, type LocalBedrock } from './internal/local-bedrock.test-support.js';

let running: LocalBedrock | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setUp(kind: 'mantle' | 'runtime') {
  running = await startLocalBedrock(kind);
  const stores = makeMemoryStores();
  const weft = createWeft({
    client: running.bedrock.client,
    store: stores,
    defaults: { model: running.bedrock.model },
  });
  return { weft, stores, local: running };
}

describe('one conversation on both endpoints (local server, real HTTP, real SDK)', () => {
  it('mantle: server context chains with previous_response_id on /v1', async () => {
    const { weft, local } = await setUp('mantle');
    expect(local.bedrock.baseURL).toBe(`${local.server.url}/v1`);
    expect(local.bedrock.profile.name).toBe('bedrock-mantle');
    const convo = await weft.conversation();
    const first = await convo.send('Rome').result;
    const second = await convo.send('and then?').result;
    expect(second.text).toContain('"Rome"');
    expect(second.turn.contextStrategy).toBe('server');
    expect(second.turn.fallback).toBeNull();
    const creates = local.sent.filter((r) => r.url.endsWith('/v1/responses'));
    expect(creates).toHaveLength(2);
    expect(creates[1]?.body?.['previous_response_id']).toBe(first.turn.responseId);
    await weft.close();
  });

  it('runtime: the same conversation runs with local context from the first turn, recorded as a fallback', async () => {
    const { weft, local } = await setUp('runtime');
    expect(local.bedrock.baseURL).toBe(`${local.server.url}/openai/v1`);
    expect(local.bedrock.profile.name).toBe('bedrock-runtime');
    const convo = await weft.conversation();
    const first = await convo.send('Rome').result;
    const second = await convo.send('and then?').result;
    expect(second.text).toContain('"Rome"');
    for (const turn of [first.turn, second.turn]) {
      expect(turn.contextStrategy).toBe('local');
      expect(turn.fallback?.reason).toContain('keeps no server-side state');
    }
    const creates = local.sent.filter((r) => r.url.endsWith('/openai/v1/responses'));
    expect(creates).toHaveLength(2);
    for (const request of creates) expect(request.body?.['previous_response_id']).toBeUndefined();
    await weft.close();
  });
});

describe('plans refused before any request', () => {
  it('background on bedrock-runtime fails with Unsupported and the server receives nothing', async () => {
    const { weft, stores, local } = await setUp('runtime');
    await expect(weft.conversation({ execution: 'background' })).rejects.toMatchObject({
      _tag: 'Unsupported',
      feature: 'background execution',
      provider: 'bedrock-runtime',
    });
    await expect(weft.conversation({ contextStrategy: 'conversation' })).rejects.toMatchObject({
      _tag: 'Unsupported',
    });
    expect(local.sent).toHaveLength(0);
    expect((await Effect.runPromise(stores.turns.listConversations())).items).toHaveLength(0);
  });

  it('the Conversations API on bedrock-mantle is refused, background is allowed', async () => {
    const { weft, local } = await setUp('mantle');
    await expect(weft.conversation({ contextStrategy: 'conversation' })).rejects.toMatchObject({
      _tag: 'Unsupported',
      provider: 'bedrock-mantle',
    });
    await expect(weft.conversation({ execution: 'background' })).resolves.toBeDefined();
    expect(local.sent).toHaveLength(0);
    await weft.close();
  });

  it('a model on the other mantle route fails before any request, naming the right prefix', async () => {
    const { local } = await setUp('mantle');
    const error = await Effect.runPromise(
      Effect.flip(local.bedrock.client.create({ model: 'openai.gpt-5.5', input: 'hi' })),
    );
    expect(error).toMatchObject({
      _tag: 'InvalidRequest',
      expectedRoute: '/openai/v1',
      usedRoute: '/v1',
    });
    expect(error.message).toContain("bedrock({ model: 'openai.gpt-5.5' })");
    const refused = await Effect.runPromise(
      Effect.flip(
        local.bedrock.client.create({ model: 'openai.gpt-oss-safeguard-20b', input: 'hi' }),
      ),
    );
    expect(refused.message).toContain('only Chat Completions');
    expect(local.sent).toHaveLength(0);
  });
});

describe('retry policy still sees core tags', () => {
  it('a throttled turn is a RateLimited', async () => {
    const { local } = await setUp('mantle');
    local.server.faults.push({ status: 429, retryAfterSeconds: 3 });
    const error = await Effect.runPromise(
      Effect.flip(local.bedrock.client.create({ model: local.bedrock.model, input: 'hi' })),
    );
    expect(error).toBeInstanceOf(RateLimited);
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 3000, region: 'us-east-1' });
  });
});
