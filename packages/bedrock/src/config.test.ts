import { describe, expect, it } from 'vitest';
import { bedrock } from './bedrock.js';
import { resolveBedrockConfig } from './config.js';
import { BedrockConfigError, UnknownRegion, UnsupportedModel } from './errors.js';

const model = 'openai.gpt-oss-120b';

describe('configuration precedence', () => {
  it('explicit options win over the environment', () => {
    const config = resolveBedrockConfig({
      model,
      region: 'eu-west-1',
      apiKey: 'option-key',
      env: {
        AWS_REGION: 'us-east-1',
        AWS_BEARER_TOKEN_BEDROCK: 'env-key',
        OPENAI_BASE_URL: 'https://bedrock-mantle.us-east-2.api.aws/v1',
      },
    });
    expect(config).toMatchObject({
      endpoint: 'mantle',
      region: 'eu-west-1',
      baseURL: 'https://bedrock-mantle.eu-west-1.api.aws/v1',
      auth: { kind: 'api-key', source: 'option', key: 'option-key' },
    });
  });

  it('the Bedrock docs’ environment: OPENAI_API_KEY + OPENAI_BASE_URL', () => {
    const config = resolveBedrockConfig({
      model,
      env: {
        OPENAI_API_KEY: 'docs-key',
        OPENAI_BASE_URL: 'https://bedrock-mantle.us-east-1.api.aws/v1',
      },
    });
    expect(config).toMatchObject({
      region: 'us-east-1',
      endpoint: 'mantle',
      baseURL: 'https://bedrock-mantle.us-east-1.api.aws/v1',
    });
    expect(config.auth).toMatchObject({ kind: 'api-key', source: 'OPENAI_API_KEY' });
  });

  it('OPENAI_BASE_URL’s route prefix is replaced by the model’s', () => {
    const config = resolveBedrockConfig({
      model: 'openai.gpt-5.5',
      env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'https://bedrock-mantle.us-east-2.api.aws/v1' },
    });
    expect(config.baseURL).toBe('https://bedrock-mantle.us-east-2.api.aws/openai/v1');
  });

  it('OPENAI_API_KEY is never sent to AWS unless OPENAI_BASE_URL names Bedrock', () => {
    const config = resolveBedrockConfig({
      model,
      env: { OPENAI_API_KEY: 'sk-openai', AWS_REGION: 'us-east-1' },
    });
    expect(config.auth).toMatchObject({ kind: 'aws-credentials', source: 'default-chain' });
  });

  it('AWS_BEARER_TOKEN_BEDROCK + AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(
      resolveBedrockConfig({
        model,
        env: {
          AWS_BEARER_TOKEN_BEDROCK: 'b',
          AWS_REGION: 'eu-north-1',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      }),
    ).toMatchObject({
      region: 'eu-north-1',
      auth: { kind: 'api-key', source: 'AWS_BEARER_TOKEN_BEDROCK' },
    });
    expect(
      resolveBedrockConfig({
        model,
        env: { AWS_BEARER_TOKEN_BEDROCK: 'b', AWS_DEFAULT_REGION: 'sa-east-1' },
      }).region,
    ).toBe('sa-east-1');
  });

  it('AWS credentials in the environment, then the default chain', () => {
    expect(
      resolveBedrockConfig({
        model,
        env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' },
      }).auth,
    ).toMatchObject({ kind: 'aws-credentials', source: 'AWS_ACCESS_KEY_ID' });
    expect(resolveBedrockConfig({ model, env: { AWS_REGION: 'us-east-1' } }).auth).toMatchObject({
      kind: 'aws-credentials',
      source: 'default-chain',
    });
  });

  it('runtime: endpoint option or a bedrock-runtime URL', () => {
    expect(
      resolveBedrockConfig({
        model: 'openai.gpt-oss-120b-1:0',
        endpoint: 'runtime',
        region: 'us-west-1',
        apiKey: 'k',
        env: {},
      }).baseURL,
    ).toBe('https://bedrock-runtime.us-west-1.amazonaws.com/openai/v1');
    expect(
      resolveBedrockConfig({
        model: 'openai.gpt-oss-120b-1:0',
        env: {
          OPENAI_API_KEY: 'k',
          OPENAI_BASE_URL: 'https://bedrock-runtime.ca-central-1.amazonaws.com/openai/v1',
        },
      }),
    ).toMatchObject({ endpoint: 'runtime', region: 'ca-central-1' });
  });

  it('baseURL for tests and proxies: an origin gets the model’s prefix, a path is kept', () => {
    expect(
      resolveBedrockConfig({
        model: 'openai.gpt-5.4',
        baseURL: 'http://127.0.0.1:9999',
        apiKey: 'k',
        env: {},
      }),
    ).toMatchObject({
      baseURL: 'http://127.0.0.1:9999/openai/v1',
      route: '/openai/v1',
      region: 'unspecified',
    });
    expect(
      resolveBedrockConfig({
        model,
        baseURL: 'https://proxy.example/bedrock/',
        apiKey: 'k',
        region: 'us-east-1',
        env: {},
      }),
    ).toMatchObject({
      baseURL: 'https://proxy.example/bedrock',
      route: undefined,
    });
  });
});

describe('configuration errors', () => {
  it('no region anywhere', () => {
    expect(() => resolveBedrockConfig({ model, apiKey: 'k', env: {} })).toThrow(BedrockConfigError);
    expect(() => resolveBedrockConfig({ model, apiKey: 'k', env: {} })).toThrow(
      /pass region, or set AWS_REGION/,
    );
  });

  it('unknown region and unsupported model come from bedrock() synchronously', () => {
    expect(() => bedrock({ model, region: 'us-west-1', apiKey: 'k', env: {} })).toThrow(
      UnknownRegion,
    );
    expect(() =>
      bedrock({ model: 'openai.gpt-oss-120b-1:0', region: 'us-east-1', apiKey: 'k', env: {} }),
    ).toThrow(UnsupportedModel);
  });

  it('two ways to authenticate at once', () => {
    expect(() =>
      resolveBedrockConfig({
        model,
        region: 'us-east-1',
        apiKey: 'k',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        env: {},
      }),
    ).toThrow(/apiKey and credentials were both given/);
  });

  it('a canonical baseURL with the wrong prefix for the model, or another region', () => {
    expect(() =>
      resolveBedrockConfig({
        model: 'openai.gpt-5.5',
        baseURL: 'https://bedrock-mantle.us-east-2.api.aws/v1',
        apiKey: 'k',
        env: {},
      }),
    ).toThrow(/pass the origin only \(https:\/\/bedrock-mantle.us-east-2.api.aws\)/);
    expect(() =>
      resolveBedrockConfig({
        model,
        region: 'eu-west-1',
        baseURL: 'https://bedrock-mantle.us-east-2.api.aws',
        apiKey: 'k',
        env: {},
      }),
    ).toThrow(/baseURL is in us-east-2 but region is 'eu-west-1'/);
    expect(() => resolveBedrockConfig({ model, baseURL: 'nope', apiKey: 'k', env: {} })).toThrow(
      /is not a URL/,
    );
  });

  it('AWS credentials need a region even with a baseURL (tokens are per region)', () => {
    expect(() =>
      resolveBedrockConfig({
        model,
        baseURL: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        env: {},
      }),
    ).toThrow(/no AWS region/);
  });
});

describe('bedrock()', () => {
  it('returns a client with its profile, model, base URL and endpoint', () => {
    const result = bedrock({ model: 'openai.gpt-5.5', region: 'us-east-2', apiKey: 'k', env: {} });
    expect(result).toMatchObject({
      model: 'openai.gpt-5.5',
      endpoint: 'mantle',
      region: 'us-east-2',
      baseURL: 'https://bedrock-mantle.us-east-2.api.aws/openai/v1',
      profile: { name: 'bedrock-mantle', routePrefix: '/openai/v1' },
    });
    expect(result.client.profile).toBe(result.profile);
    expect(result.client.provider).toBe('bedrock-mantle:us-east-2');
    expect(
      bedrock({ model, region: 'us-east-1', apiKey: 'k', env: {} }).profile.limits?.contextTokens,
    ).toBe(128_000);
  });
});
