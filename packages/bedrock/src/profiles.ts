/**
 * Provider profiles of the Bedrock endpoints (PROTOCOL.md §11), and of `@weft/local-server` when it
 * imitates them. Core consults a profile before any request: background on bedrock-runtime fails at
 * once with `Unsupported`, and `server` context there runs as `local` from the first turn.
 *
 * @module
 */
import { openAIProfile, type ProviderProfile } from '@weft/core';
import type { ResponsesRoute } from './models.js';

/**
 * bedrock-mantle (`https://bedrock-mantle.<region>.api.aws`): streaming, background mode with cancel
 * and stream resume, stored responses and `previous_response_id`, server-side tools. The
 * Conversations API is not documented there, so it counts as unsupported. The route prefix here is
 * `/v1` (GPT-OSS); {@link bedrockProfileFor} gives the `/openai/v1` variant for GPT-5.x and Gemma.
 *
 * @since 0.1.0
 */
export const bedrockMantleProfile: ProviderProfile = {
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
  limits: { maxMetadataKeys: 16 },
};

/**
 * bedrock-runtime (`https://bedrock-runtime.<region>.amazonaws.com/openai/v1`): synchronous Responses
 * calls only. No background mode, no stream resume, no server-side state (`previous_response_id` is
 * not documented there), no Conversations API, no server-side tools. Streaming is on; it depends on
 * the deployment and has not been verified live.
 *
 * @since 0.1.0
 */
export const bedrockRuntimeProfile: ProviderProfile = {
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
  limits: { maxMetadataKeys: 16 },
};

/**
 * The profile of an endpoint for one route prefix and context window.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * bedrockProfileFor('mantle', '/openai/v1').routePrefix; // '/openai/v1'
 * ```
 */
export function bedrockProfileFor(
  endpoint: 'mantle' | 'runtime',
  route: ResponsesRoute | string,
  contextTokens?: number,
): ProviderProfile {
  const base = endpoint === 'mantle' ? bedrockMantleProfile : bedrockRuntimeProfile;
  return {
    ...base,
    routePrefix: route,
    limits: { ...base.limits, ...(contextTokens === undefined ? {} : { contextTokens }) },
  };
}

/** The services `@weft/local-server` imitates. */
export type LocalServerKind = 'mantle' | 'runtime' | 'openai';

/**
 * The profile of `@weft/local-server` started with `profile: kind`. It has the capabilities of the
 * service the server imitates, so a plan refused on Bedrock is refused locally too; its name says
 * it is local (`local-bedrock-runtime`, …).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const server = await startLocalServer({ port: 0, profile: 'runtime' });
 * const weft = createWeft({ client: { baseURL: server.baseURL, apiKey: 'local', profile: localProfile('runtime') } });
 * ```
 */
export function localProfile(kind: LocalServerKind): ProviderProfile {
  switch (kind) {
    case 'mantle':
      return { ...bedrockMantleProfile, name: 'local-bedrock-mantle' };
    case 'runtime':
      return { ...bedrockRuntimeProfile, name: 'local-bedrock-runtime' };
    case 'openai':
      return { ...openAIProfile, name: 'local-openai' };
  }
}

export { openAIProfile };
