import { startLocalServer } from '@weft/local-server';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { makeMemoryStores } from '../memory/memory-stores.js';
import type { ProviderProfile } from '../ports/provider-profile.js';
import { createWeft } from '../weft.js';

const statelessProfile: ProviderProfile = {
  name: 'bedrock-runtime',
  routePrefix: '/openai/v1',
  capabilities: {
    stream: true,
    background: false,
    streamResume: false,
    previousResponseId: false,
    conversations: false,
    serverTools: false,
  },
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function runtimeWeft() {
  const server = await startLocalServer({ port: 0, profile: 'runtime' });
  const stores = makeMemoryStores();
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local', profile: statelessProfile },
    store: stores,
    defaults: { model: 'scripted-1' },
  });
  close = async () => {
    await weft.close();
    await server.close();
  };
  return { weft, stores, server };
}

describe('plans checked against the provider profile', () => {
  it('refuses background execution before storing or sending anything', async () => {
    const { weft, stores } = await runtimeWeft();
    await expect(weft.conversation({ execution: 'background' })).rejects.toMatchObject({
      _tag: 'Unsupported',
      feature: 'background execution',
      provider: 'bedrock-runtime',
    });
    await expect(weft.conversation({ contextStrategy: 'conversation' })).rejects.toMatchObject({
      _tag: 'Unsupported',
    });
    const listed = await Effect.runPromise(stores.turns.listConversations());
    expect(listed.items).toHaveLength(0);
  });

  it('runs server context as local from the first turn on an endpoint without server state', async () => {
    const { weft } = await runtimeWeft();
    const convo = await weft.conversation();
    await convo.send('Rome').result;
    const second = await convo.send('and then?').result;
    expect(second.text).toContain('"Rome"');
    expect(second.turn.contextStrategy).toBe('local');
    expect(second.turn.fallback?.reason).toContain('keeps no server-side state');
    expect(() => convo.configure({ execution: 'background' })).toThrow(/does not support background/);
  });
});
