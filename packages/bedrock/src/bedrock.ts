/**
 * `bedrock()`: one call from options (or the environment) to a Weft `ResponsesClient` for Amazon
 * Bedrock, built on the openai SDK's Bedrock provider (`openai/providers/bedrock`), with its profile.
 *
 * @module
 */
import {
  createOpenAIResponsesClient,
  type ClockShape,
  type FetchLike,
  type ProviderProfile,
  type ResponsesClientShape,
} from '@weft/core';
import OpenAI from 'openai';
import { bedrock as bedrockProvider } from 'openai/providers/bedrock';
import { createRefreshingTokenSource, type MintToken } from './auth/refreshing-token.js';
import { apiKeySource, callbackSource, type TokenSource } from './auth/token-source.js';
import { wrapBedrockClient } from './bedrock-client.js';
import {
  resolveBedrockConfig,
  type AuthDescription,
  type AuthPlan,
  type BedrockConfigInput,
} from './config.js';
import type { ResponsesRoute } from './models.js';
import { bedrockProfileFor } from './profiles.js';
import type { BedrockEndpoint } from './regions.js';

/** Options of {@link bedrock}. Everything but `model` may come from the environment. */
export interface BedrockOptions extends BedrockConfigInput {
  /** Requested lifetime of tokens made from AWS credentials, 1–43200 s (default 43200). */
  readonly tokenLifetimeSeconds?: number | undefined;
  /** Tokens made from AWS credentials are replaced when less than this is left (default 5 minutes). */
  readonly refreshMarginMs?: number | undefined;
  /** How tokens are made from credentials (default `@aws/bedrock-token-generator`); for tests. */
  readonly mintToken?: MintToken | undefined;
  /** A `fetch` for the SDK (proxies, custom agents, tests). */
  readonly fetch?: FetchLike | undefined;
  /** Time source for token expiry (epoch ms); default the wall clock. */
  readonly clock?: ClockShape | undefined;
  /** Default time limit per call, in milliseconds (the SDK's default is 10 minutes). */
  readonly timeoutMs?: number | undefined;
}

/** What {@link bedrock} returns: pass `client` to `createWeft`. */
export interface BedrockClient {
  /** The Responses API client, with `profile` set. */
  readonly client: ResponsesClientShape;
  /** What the endpoint supports; core checks plans against it before any request. */
  readonly profile: ProviderProfile;
  /** The model id to use in conversations (`createWeft({ defaults: { model } })`). */
  readonly model: string;
  readonly baseURL: string;
  readonly endpoint: BedrockEndpoint;
  readonly region: string;
  /** The route prefix in use, when it is one of the two known ones. */
  readonly route: ResponsesRoute | undefined;
  /** Where the credentials come from (never the secret itself). */
  readonly auth: AuthDescription;
}

/**
 * Builds a Weft client for Amazon Bedrock's Responses API.
 *
 * **Details**
 * - The region is checked against the endpoint's list, the model id against the endpoint, and the
 *   route prefix is picked from the model (mantle: `/v1` for GPT-OSS and most open models,
 *   `/openai/v1` for GPT-5.x and Gemma; runtime: `/openai/v1`).
 * - Auth: a Bedrock API key as bearer, your `tokenProvider`, or AWS credentials turned into
 *   short-term tokens that are cached and refreshed before they expire. See `config.ts` for the
 *   precedence of options and environment variables.
 * - Errors of requests are core's tags with Bedrock advice (`BedrockRateLimited` is a `RateLimited`, …).
 *
 * @throws UnknownRegion, UnsupportedModel, BedrockConfigError — synchronously, before any request
 * @since 0.1.0
 * @example
 * ```ts
 * const { client, model } = bedrock({ region: 'us-east-1', model: 'openai.gpt-oss-120b' });
 * const weft = createWeft({ client, defaults: { model } });
 * const { text } = await (await weft.conversation()).send('Hello').result;
 * ```
 * @see docs/bedrock.md
 */
export function bedrock(options: BedrockOptions): BedrockClient {
  const config = resolveBedrockConfig(options);
  const source = tokenSourceFor(config.auth, config.region, options);
  const sdk = new OpenAI({
    provider: bedrockProvider({
      endpoint: config.endpoint,
      baseURL: config.baseURL,
      ...(config.region === 'unspecified' ? {} : { region: config.region }),
      ...(source.kind === 'api-key' && config.auth.kind === 'api-key'
        ? { apiKey: config.auth.key }
        : { tokenProvider: () => source.token() }),
    }),
    maxRetries: 0,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  const profile = bedrockProfileFor(
    config.endpoint,
    config.route ?? config.model.route,
    config.model.info?.contextTokens,
  );
  const provider = `bedrock-${config.endpoint}:${config.region}`;
  const inner = createOpenAIResponsesClient({ client: sdk, profile, provider });
  const client = wrapBedrockClient(inner, {
    endpoint: config.endpoint,
    region: config.region,
    model: config.model.id,
    route: config.route,
    auth: source,
  });
  return {
    client,
    profile,
    model: config.model.id,
    baseURL: config.baseURL,
    endpoint: config.endpoint,
    region: config.region,
    route: config.route,
    auth: { kind: config.auth.kind, source: config.auth.source },
  };
}

function tokenSourceFor(auth: AuthPlan, region: string, options: BedrockOptions): TokenSource {
  switch (auth.kind) {
    case 'api-key':
      return apiKeySource(auth.key);
    case 'token-provider':
      return callbackSource(auth.provider);
    case 'aws-credentials':
      return createRefreshingTokenSource({
        credentials: auth.credentials,
        region,
        lifetimeSeconds: options.tokenLifetimeSeconds,
        refreshMarginMs: options.refreshMarginMs,
        clock: options.clock,
        mint: options.mintToken,
      });
  }
}
