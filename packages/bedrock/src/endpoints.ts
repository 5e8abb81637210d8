/**
 * Base URLs of the two Bedrock endpoints, built from a region and a model, and the reverse: what a
 * Bedrock URL says about its endpoint, region and route.
 *
 * @module
 */
import { mantleRouteFor, type ResponsesRoute } from './models.js';
import { assertRegion, type BedrockEndpoint } from './regions.js';

/**
 * The origin of an endpoint in a region: `https://bedrock-mantle.<region>.api.aws` or
 * `https://bedrock-runtime.<region>.amazonaws.com`.
 *
 * @throws UnknownRegion — when the endpoint does not serve the region
 * @since 0.1.0
 * @example
 * ```ts
 * endpointOrigin('runtime', 'eu-west-3'); // 'https://bedrock-runtime.eu-west-3.amazonaws.com'
 * ```
 */
export function endpointOrigin(endpoint: BedrockEndpoint, region: string): string {
  const valid = assertRegion(endpoint, region);
  return endpoint === 'mantle'
    ? `https://bedrock-mantle.${valid}.api.aws`
    : `https://bedrock-runtime.${valid}.amazonaws.com`;
}

/**
 * The Responses API base URL on bedrock-mantle for a model: `/v1` for GPT-OSS and most open models,
 * `/openai/v1` for OpenAI GPT-5.x and Gemma.
 *
 * @throws UnknownRegion — when mantle does not serve the region
 * @since 0.1.0
 * @example
 * ```ts
 * mantleBaseURL('us-east-1', 'openai.gpt-oss-120b'); // 'https://bedrock-mantle.us-east-1.api.aws/v1'
 * mantleBaseURL('us-east-2', 'openai.gpt-5.5');      // 'https://bedrock-mantle.us-east-2.api.aws/openai/v1'
 * ```
 */
export function mantleBaseURL(region: string, model: string): string {
  return `${endpointOrigin('mantle', region)}${mantleRouteFor(model)}`;
}

/**
 * The Responses API base URL on bedrock-runtime (always `/openai/v1`).
 *
 * @throws UnknownRegion — when bedrock-runtime does not serve the region
 * @since 0.1.0
 * @example
 * ```ts
 * runtimeBaseURL('us-west-2'); // 'https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1'
 * ```
 */
export function runtimeBaseURL(region: string): string {
  return `${endpointOrigin('runtime', region)}/openai/v1`;
}

/** What a URL says about the Bedrock endpoint it points at. */
export interface ParsedBedrockURL {
  readonly endpoint: BedrockEndpoint;
  readonly region: string;
  /** The route prefix, when the path is one of the two known ones. */
  readonly route: ResponsesRoute | undefined;
}

/**
 * Reads endpoint, region and route from a Bedrock URL; `undefined` for any other host.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * parseBedrockURL('https://bedrock-mantle.us-east-1.api.aws/v1');
 * // { endpoint: 'mantle', region: 'us-east-1', route: '/v1' }
 * ```
 */
export function parseBedrockURL(url: string): ParsedBedrockURL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const mantle = /^bedrock-mantle\.([a-z0-9-]+)\.api\.aws$/.exec(host);
  const runtime = /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host);
  const match = mantle ?? runtime;
  if (match?.[1] === undefined) return undefined;
  const path = parsed.pathname.replace(/\/responses\/?$/, '').replace(/\/+$/, '');
  const route: ResponsesRoute | undefined =
    path === '/v1' ? '/v1' : path === '/openai/v1' ? '/openai/v1' : undefined;
  return { endpoint: mantle !== null ? 'mantle' : 'runtime', region: match[1], route };
}
