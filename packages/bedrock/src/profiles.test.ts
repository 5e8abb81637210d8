import { openAIProfile } from '@weft/core';
import { describe, expect, it } from 'vitest';
import {
  bedrockMantleProfile,
  bedrockProfileFor,
  bedrockRuntimeProfile,
  localProfile,
} from './profiles.js';

describe('provider profiles (PROTOCOL.md §11)', () => {
  it('bedrock-mantle: background, resume, server state and server tools; no Conversations API', () => {
    expect(bedrockMantleProfile).toMatchObject({
      name: 'bedrock-mantle',
      routePrefix: '/v1',
      capabilities: {
        stream: true,
        background: true,
        streamResume: true,
        previousResponseId: true,
        conversations: false,
        serverTools: true,
      },
    });
  });

  it('bedrock-runtime: synchronous and stateless', () => {
    expect(bedrockRuntimeProfile).toMatchObject({
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
    });
  });

  it('per route and context window', () => {
    expect(bedrockProfileFor('mantle', '/openai/v1', 400_000)).toMatchObject({
      routePrefix: '/openai/v1',
      limits: { contextTokens: 400_000, maxMetadataKeys: 16 },
    });
  });

  it('local profiles mirror the service the local server imitates', () => {
    expect(localProfile('runtime').capabilities).toEqual(bedrockRuntimeProfile.capabilities);
    expect(localProfile('mantle').capabilities).toEqual(bedrockMantleProfile.capabilities);
    expect(localProfile('openai').capabilities).toEqual(openAIProfile.capabilities);
    expect(localProfile('runtime').name).toBe('local-bedrock-runtime');
  });
});
