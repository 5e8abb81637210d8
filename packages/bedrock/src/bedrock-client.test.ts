import { createWeft } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import { Effect, Stream } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { bedrock } from './bedrock.js';
import { startLocalBedrock, type LocalBedrock } from './internal/local-bedrock.test-support.js';

let running: LocalBedrock | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('the Bedrock client', () => {
  it('streams on both endpoints (mantle writes data-first frames)', async () => {
    for (const kind of ['mantle', 'runtime'] as const) {
      running = await startLocalBedrock(kind);
      const { client, model } = running.bedrock;
      const events = await Effect.runPromise(
        Stream.runCollect(client.stream({ model, input: 'hi' })),
      );
      const types = Array.from(events, (e) => e.type);
      expect(types[0]).toBe('response.created');
      expect(types.at(-1)).toBe('response.completed');
      await running.close();
      running = undefined;
    }
  });

  it('maps errors of streams too, and checks the model before streaming', async () => {
    running = await startLocalBedrock('mantle');
    const { client, model } = running.bedrock;
    running.server.faults.push({ status: 429 });
    const throttled = await Effect.runPromise(
      Effect.flip(Stream.runDrain(client.stream({ model, input: 'hi' }))),
    );
    expect(throttled.message).toContain('token quotas per minute');
    const sentBefore = running.sent.length;
    const wrong = await Effect.runPromise(
      Effect.flip(Stream.runDrain(client.stream({ model: 'openai.gpt-5.6-sol', input: 'hi' }))),
    );
    expect(wrong).toMatchObject({ _tag: 'InvalidRequest', expectedRoute: '/openai/v1' });
    expect(running.sent.length).toBe(sentBefore);
  });

  it('retrieves and cancels on mantle through the same wrapper', async () => {
    running = await startLocalBedrock('mantle');
    const { client, model } = running.bedrock;
    const created = await Effect.runPromise(
      client.create({ model, input: 'hi', background: true }),
    );
    const fetched = await Effect.runPromise(client.retrieve(created.id));
    expect(fetched.id).toBe(created.id);
    const cancelled = await Effect.runPromise(client.cancel(created.id));
    expect(cancelled.id).toBe(created.id);
    const missing = await Effect.runPromise(Effect.flip(client.retrieve('resp_missing')));
    expect(missing._tag).toBe('ResponseNotFound');
  });

  it('GPT-5.x on mantle goes to /openai/v1', async () => {
    running = await startLocalBedrock('mantle', { model: 'openai.gpt-5.5' });
    expect(running.bedrock.baseURL).toBe(`${running.server.url}/openai/v1`);
    await Effect.runPromise(
      running.bedrock.client.create({ model: 'openai.gpt-5.5', input: 'hi' }),
    );
    expect(running.sent[0]?.url).toBe(`${running.server.url}/openai/v1/responses`);
  });
});

describe('README example', () => {
  it('runs against the local server', async () => {
    const server = await startLocalServer({ port: 0, profile: 'mantle' });
    const { client, model, profile } = bedrock({
      model: 'openai.gpt-oss-120b',
      region: 'us-east-1',
      apiKey: 'local',
      baseURL: server.url,
      env: {},
    });
    const weft = createWeft({ client, defaults: { model } });
    const convo = await weft.conversation();
    const { text } = await convo.send('Hello!').result;
    expect(profile.name).toBe('bedrock-mantle');
    expect(text.length).toBeGreaterThan(0);
    await weft.close();
    await server.close();
  });
});
