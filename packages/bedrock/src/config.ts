/**
 * Resolves `bedrock()`'s options and the environment into one endpoint, region, model route, base
 * URL and credential source. Pure apart from reading `env`; nothing is fetched here.
 *
 * **Precedence** (first match wins)
 * - Base URL: `baseURL` option (testing, proxies; an origin gets the model's route prefix, a URL
 *   with a path is used as it is) → `OPENAI_BASE_URL` when it names a Bedrock host and no `region`
 *   option is given (its route prefix is replaced by the model's) → built from endpoint and region.
 * - Endpoint: `endpoint` option → the host of the base URL → `mantle`.
 * - Region: `region` option → the host of the base URL → `AWS_REGION` → `AWS_DEFAULT_REGION`.
 * - Credentials: `apiKey` | `tokenProvider` | `credentials` options (at most one) →
 *   `AWS_BEARER_TOKEN_BEDROCK` → `OPENAI_API_KEY` (only when `OPENAI_BASE_URL` names a Bedrock host,
 *   so an OpenAI key is never sent to AWS) → `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`
 *   (+ `AWS_SESSION_TOKEN`) → the AWS SDK's default credential chain.
 *
 * @module
 */
import {
  defaultCredentialChain,
  credentialsFromEnv,
  type CredentialSource,
} from './auth/credentials.js';
import type { AuthKind } from './client-errors.js';
import { endpointOrigin, parseBedrockURL, type ParsedBedrockURL } from './endpoints.js';
import { BedrockConfigError } from './errors.js';
import { resolveModel, type ResolvedModel, type ResponsesRoute } from './models.js';
import { assertRegion, type BedrockEndpoint } from './regions.js';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The configuration inputs of `bedrock()` (see {@link BedrockOptions} for the rest). */
export interface BedrockConfigInput {
  /** The model id as Bedrock names it on the chosen endpoint, e.g. `openai.gpt-oss-120b`. */
  readonly model: string;
  readonly region?: string | undefined;
  readonly endpoint?: BedrockEndpoint | undefined;
  /** A Bedrock API key (long-term, or short-term made elsewhere). */
  readonly apiKey?: string | undefined;
  /** AWS credentials, or a provider of them, turned into refreshed short-term tokens. */
  readonly credentials?: CredentialSource | undefined;
  /** Your own bearer-token callback, asked before every request. */
  readonly tokenProvider?: (() => Promise<string>) | undefined;
  /** For testing and proxies: the origin (the model's route prefix is added) or the full API root. */
  readonly baseURL?: string | undefined;
  /** Environment to read; default `process.env`. */
  readonly env?: Environment | undefined;
}

/** Where the credentials come from, without the secret. */
export interface AuthDescription {
  readonly kind: AuthKind;
  readonly source:
    | 'option'
    | 'AWS_BEARER_TOKEN_BEDROCK'
    | 'OPENAI_API_KEY'
    | 'AWS_ACCESS_KEY_ID'
    | 'default-chain';
}

/** How the client will authenticate (holds secrets; never exported from `bedrock()`). */
export type AuthPlan =
  | (AuthDescription & { readonly kind: 'api-key'; readonly key: string })
  | (AuthDescription & {
      readonly kind: 'token-provider';
      readonly provider: () => Promise<string>;
    })
  | (AuthDescription & {
      readonly kind: 'aws-credentials';
      readonly credentials: CredentialSource;
    });

/** The resolved configuration. */
export interface ResolvedBedrockConfig {
  readonly endpoint: BedrockEndpoint;
  /** `unspecified` only with a non-Bedrock `baseURL`, no region anywhere and no AWS-credential auth. */
  readonly region: string;
  readonly model: ResolvedModel;
  /** The Responses API root the SDK is given. */
  readonly baseURL: string;
  /** The route prefix in use, when it is one of the two known ones. */
  readonly route: ResponsesRoute | undefined;
  readonly auth: AuthPlan;
}

/**
 * Resolves options and environment (see the module's precedence list).
 *
 * @throws UnknownRegion, UnsupportedModel, BedrockConfigError
 * @since 0.1.0
 * @example
 * ```ts
 * resolveBedrockConfig({ model: 'openai.gpt-5.5', env: { AWS_REGION: 'us-east-2', AWS_BEARER_TOKEN_BEDROCK: 'k' } }).baseURL;
 * // 'https://bedrock-mantle.us-east-2.api.aws/openai/v1'
 * ```
 */
export function resolveBedrockConfig(input: BedrockConfigInput): ResolvedBedrockConfig {
  const env = input.env ?? process.env;
  const explicitBase = nonEmpty(input.baseURL);
  if (explicitBase !== undefined && !URL.canParse(explicitBase)) {
    throw new BedrockConfigError({
      problem: `baseURL '${explicitBase}' is not a URL`,
      fix: 'pass an http(s) URL such as http://127.0.0.1:8080',
    });
  }
  const explicitParsed = explicitBase === undefined ? undefined : parseBedrockURL(explicitBase);
  const envBase = nonEmpty(env['OPENAI_BASE_URL']);
  const envParsed = envBase === undefined ? undefined : parseBedrockURL(envBase);
  const useEnvBase =
    explicitBase === undefined &&
    envParsed !== undefined &&
    input.region === undefined &&
    (input.endpoint === undefined || input.endpoint === envParsed.endpoint);
  const hostParsed: ParsedBedrockURL | undefined =
    explicitParsed ?? (useEnvBase ? envParsed : undefined);

  if (input.endpoint !== undefined && input.endpoint !== 'mantle' && input.endpoint !== 'runtime') {
    throw new BedrockConfigError({
      problem: `endpoint '${String(input.endpoint)}' is not a Bedrock endpoint`,
      fix: "pass 'mantle' or 'runtime'",
    });
  }
  if (
    input.endpoint !== undefined &&
    explicitParsed !== undefined &&
    explicitParsed.endpoint !== input.endpoint
  ) {
    throw new BedrockConfigError({
      problem: `baseURL names bedrock-${explicitParsed.endpoint} but endpoint is '${input.endpoint}'`,
      fix: 'make them agree, or leave endpoint out',
    });
  }
  const endpoint: BedrockEndpoint = input.endpoint ?? hostParsed?.endpoint ?? 'mantle';

  const optionRegion = nonEmpty(input.region)?.toLowerCase();
  if (
    optionRegion !== undefined &&
    explicitParsed !== undefined &&
    explicitParsed.region !== optionRegion
  ) {
    throw new BedrockConfigError({
      problem: `baseURL is in ${explicitParsed.region} but region is '${optionRegion}'`,
      fix: 'make them agree, or leave region out',
    });
  }
  const region =
    optionRegion ??
    hostParsed?.region ??
    nonEmpty(env['AWS_REGION'])?.toLowerCase() ??
    nonEmpty(env['AWS_DEFAULT_REGION'])?.toLowerCase();

  const auth = resolveAuth(input, env, envParsed !== undefined);
  if (region === undefined && (explicitBase === undefined || auth.kind === 'aws-credentials')) {
    throw new BedrockConfigError({
      problem: 'no AWS region is configured',
      fix: `pass region, or set AWS_REGION (bedrock-${endpoint} serves the Responses API in ${assertRegionsHint(endpoint)})`,
    });
  }
  // An explicit baseURL may name a region newer than Weft's list; everything else is checked.
  if (region !== undefined && explicitBase === undefined) assertRegion(endpoint, region);

  const model = resolveModel(endpoint, input.model, region);
  const { baseURL, route } = chooseBaseURL({
    endpoint,
    region,
    model,
    explicitBase,
    explicitParsed,
    useEnvBase,
    envParsed,
  });
  return { endpoint, region: region ?? 'unspecified', model, baseURL, route, auth };
}

function chooseBaseURL(input: {
  readonly endpoint: BedrockEndpoint;
  readonly region: string | undefined;
  readonly model: ResolvedModel;
  readonly explicitBase: string | undefined;
  readonly explicitParsed: ParsedBedrockURL | undefined;
  readonly useEnvBase: boolean;
  readonly envParsed: ParsedBedrockURL | undefined;
}): { baseURL: string; route: ResponsesRoute | undefined } {
  const { model, explicitBase } = input;
  if (explicitBase !== undefined) {
    const url = new URL(explicitBase);
    const path = url.pathname.replace(/\/responses\/?$/, '').replace(/\/+$/, '');
    if (path === '') return { baseURL: `${url.origin}${model.route}`, route: model.route };
    const route = path === '/v1' || path === '/openai/v1' ? path : undefined;
    if (input.explicitParsed !== undefined && route !== undefined && route !== model.route) {
      throw new BedrockConfigError({
        problem: `model ${model.id} is served on ${model.route} of bedrock-${input.endpoint}, but baseURL ends in ${route}`,
        fix: `pass the origin only (${url.origin}) and Weft adds the right prefix`,
      });
    }
    return { baseURL: `${url.origin}${path}`, route };
  }
  if (input.useEnvBase && input.envParsed !== undefined) {
    return {
      baseURL: `${endpointOrigin(input.endpoint, input.envParsed.region)}${model.route}`,
      route: model.route,
    };
  }
  return {
    baseURL: `${endpointOrigin(input.endpoint, input.region ?? '')}${model.route}`,
    route: model.route,
  };
}

function resolveAuth(
  input: BedrockConfigInput,
  env: Environment,
  bedrockBaseInEnv: boolean,
): AuthPlan {
  const given = [
    input.apiKey !== undefined ? 'apiKey' : undefined,
    input.tokenProvider !== undefined ? 'tokenProvider' : undefined,
    input.credentials !== undefined ? 'credentials' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (given.length > 1) {
    throw new BedrockConfigError({
      problem: `${given.join(' and ')} were both given`,
      fix: 'pass only one way to authenticate',
    });
  }
  if (input.apiKey !== undefined) {
    if (input.apiKey.trim() === '') {
      throw new BedrockConfigError({
        problem: 'apiKey is empty',
        fix: 'pass a Bedrock API key, or leave apiKey out to use the environment',
      });
    }
    return { kind: 'api-key', source: 'option', key: input.apiKey.trim() };
  }
  if (input.tokenProvider !== undefined)
    return { kind: 'token-provider', source: 'option', provider: input.tokenProvider };
  if (input.credentials !== undefined)
    return { kind: 'aws-credentials', source: 'option', credentials: input.credentials };
  const bearer = nonEmpty(env['AWS_BEARER_TOKEN_BEDROCK']);
  if (bearer !== undefined)
    return { kind: 'api-key', source: 'AWS_BEARER_TOKEN_BEDROCK', key: bearer };
  const openAIKey = nonEmpty(env['OPENAI_API_KEY']);
  if (openAIKey !== undefined && bedrockBaseInEnv)
    return { kind: 'api-key', source: 'OPENAI_API_KEY', key: openAIKey };
  const fromEnv = credentialsFromEnv(env);
  if (fromEnv !== undefined)
    return { kind: 'aws-credentials', source: 'AWS_ACCESS_KEY_ID', credentials: fromEnv };
  return {
    kind: 'aws-credentials',
    source: 'default-chain',
    credentials: defaultCredentialChain(),
  };
}

function assertRegionsHint(endpoint: BedrockEndpoint): string {
  return endpoint === 'mantle'
    ? 'us-east-1, us-east-2, us-west-2, eu-west-1, … (see MANTLE_REGIONS)'
    : 'every Bedrock region (see RUNTIME_REGIONS)';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
