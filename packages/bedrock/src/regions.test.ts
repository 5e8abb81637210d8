import { describe, expect, it } from 'vitest';
import { endpointOrigin, mantleBaseURL, parseBedrockURL, runtimeBaseURL } from './endpoints.js';
import { UnknownRegion, UnsupportedModel } from './errors.js';
import { findModel, mantleRouteFor, resolveModel } from './models.js';
import { assertRegion, MANTLE_REGIONS, RUNTIME_REGIONS } from './regions.js';

const SEED_MANTLE = [
  'us-east-2',
  'us-east-1',
  'us-west-2',
  'ap-southeast-3',
  'ap-south-1',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-south-1',
  'eu-north-1',
  'sa-east-1',
];

describe('regions', () => {
  it('mantle: the twelve regions of the seed page plus ap-southeast-2', () => {
    expect([...MANTLE_REGIONS].sort()).toEqual([...SEED_MANTLE, 'ap-southeast-2'].sort());
  });

  it('every mantle region also serves bedrock-runtime', () => {
    for (const region of MANTLE_REGIONS) expect(RUNTIME_REGIONS).toContain(region);
  });

  it('an unknown region is an error listing the valid ones', () => {
    let caught: unknown;
    try {
      assertRegion('mantle', 'mars-north-1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownRegion);
    const error = caught as UnknownRegion;
    expect(error.validRegions).toEqual([...MANTLE_REGIONS]);
    for (const region of MANTLE_REGIONS) expect(error.message).toContain(region);
  });

  it('a runtime-only region on mantle says which endpoint serves it', () => {
    expect(() => assertRegion('mantle', 'us-west-1')).toThrow(
      /served by bedrock-runtime: pass endpoint: 'runtime'/,
    );
    expect(assertRegion('runtime', ' US-West-1 ')).toBe('us-west-1');
  });
});

describe('endpoints', () => {
  it('builds base URLs per region and model', () => {
    expect(mantleBaseURL('us-east-1', 'openai.gpt-oss-120b')).toBe(
      'https://bedrock-mantle.us-east-1.api.aws/v1',
    );
    expect(mantleBaseURL('us-east-2', 'openai.gpt-5.5')).toBe(
      'https://bedrock-mantle.us-east-2.api.aws/openai/v1',
    );
    expect(runtimeBaseURL('eu-west-3')).toBe(
      'https://bedrock-runtime.eu-west-3.amazonaws.com/openai/v1',
    );
    expect(endpointOrigin('mantle', 'ap-southeast-2')).toBe(
      'https://bedrock-mantle.ap-southeast-2.api.aws',
    );
    expect(() => runtimeBaseURL('xx-nowhere-9')).toThrow(UnknownRegion);
  });

  it('reads endpoint, region and route from Bedrock URLs only', () => {
    expect(parseBedrockURL('https://bedrock-mantle.us-east-1.api.aws/v1')).toEqual({
      endpoint: 'mantle',
      region: 'us-east-1',
      route: '/v1',
    });
    expect(
      parseBedrockURL('https://bedrock-runtime.eu-west-1.amazonaws.com/openai/v1/responses'),
    ).toEqual({
      endpoint: 'runtime',
      region: 'eu-west-1',
      route: '/openai/v1',
    });
    expect(parseBedrockURL('https://api.openai.com/v1')).toBeUndefined();
    expect(parseBedrockURL('not a url')).toBeUndefined();
  });
});

describe('models and routes', () => {
  it('known models: GPT-OSS on /v1, GPT-5.x on /openai/v1', () => {
    for (const id of ['openai.gpt-oss-120b', 'openai.gpt-oss-20b'])
      expect(mantleRouteFor(id)).toBe('/v1');
    for (const id of [
      'openai.gpt-5.4',
      'openai.gpt-5.5',
      'openai.gpt-5.6-luna',
      'openai.gpt-5.6-sol',
      'openai.gpt-5.6-terra',
    ]) {
      expect(mantleRouteFor(id)).toBe('/openai/v1');
    }
  });

  it('unknown ids follow the family rule: GPT-5.x and Gemma on /openai/v1, other models on /v1', () => {
    expect(mantleRouteFor('openai.gpt-5.7-nova')).toBe('/openai/v1');
    expect(mantleRouteFor('google.gemma-3-27b-it')).toBe('/openai/v1');
    expect(mantleRouteFor('qwen.qwen3-32b')).toBe('/v1');
    expect(mantleRouteFor('deepseek.v3.1')).toBe('/v1');
    expect(resolveModel('mantle', 'mistral.magistral-small').route).toBe('/v1');
  });

  it('Chat-Completions-only models are refused on both endpoints', () => {
    for (const endpoint of ['mantle', 'runtime'] as const) {
      expect(() => resolveModel(endpoint, 'openai.gpt-oss-safeguard-120b')).toThrow(
        /only Chat Completions/,
      );
    }
  });

  it('runtime/Converse ids are not mantle ids, and the reverse', () => {
    expect(() => resolveModel('mantle', 'openai.gpt-oss-120b-1:0')).toThrow(
      /bedrock-runtime\/Converse model id.*Use 'openai.gpt-oss-120b' instead/,
    );
    expect(() => resolveModel('mantle', 'us.openai.gpt-5.6-sol')).toThrow(
      /Use 'openai.gpt-5.6-sol'/,
    );
    expect(() => resolveModel('runtime', 'openai.gpt-oss-20b')).toThrow(
      /Use 'openai.gpt-oss-20b-1:0'/,
    );
    expect(resolveModel('runtime', 'openai.gpt-oss-20b-1:0')).toMatchObject({
      route: '/openai/v1',
      info: { id: 'openai.gpt-oss-20b' },
    });
  });

  it('GPT-5.6 on runtime needs a cross-region inference profile id', () => {
    expect(() => resolveModel('runtime', 'openai.gpt-5.6-sol', 'eu-west-1')).toThrow(
      /Use 'eu.openai.gpt-5.6-sol'.*global/,
    );
    expect(resolveModel('runtime', 'global.openai.gpt-5.6-sol').info?.id).toBe(
      'openai.gpt-5.6-sol',
    );
    expect(findModel('us.openai.gpt-5.6-luna')?.mantleRoute).toBe('/openai/v1');
  });

  it('malformed ids are refused with how to list models', () => {
    for (const id of ['', 'gpt-4o', 'openai gpt']) {
      const error = (() => {
        try {
          resolveModel('mantle', id);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UnsupportedModel);
      expect((error as UnsupportedModel).message).toContain('GET <base URL>/models');
    }
  });
});
