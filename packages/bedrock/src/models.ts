/**
 * Bedrock models of the Responses API: which route prefix serves each one, and which ids are valid
 * on which endpoint. Known models come from a table; unknown ids follow a rule, so a user never meets
 * "model isn't supported on this route" by accident.
 *
 * @module
 */
import { UnsupportedModel } from './errors.js';
import type { BedrockEndpoint } from './regions.js';

/** The path the Responses API lives under. */
export type ResponsesRoute = '/v1' | '/openai/v1';

/** What Weft knows about one Bedrock model. */
export interface BedrockModelInfo {
  /** The id as sent to bedrock-mantle (no version suffix). */
  readonly id: string;
  /** `chat-completions` models cannot be used through the Responses API. */
  readonly api: 'responses' | 'chat-completions';
  /** The prefix that serves the model on bedrock-mantle. */
  readonly mantleRoute: ResponsesRoute;
  /** The id bedrock-runtime (and Converse) uses for the model, when it differs. */
  readonly runtimeId?: string | undefined;
  /** bedrock-runtime serves it only through a cross-region inference profile (`us.…`, `global.…`). */
  readonly runtimeNeedsProfile?: boolean | undefined;
  /** Context window in tokens, when documented. */
  readonly contextTokens?: number | undefined;
}

/**
 * The models Weft knows, from the Bedrock user guide (OpenAI models page, Responses API page).
 *
 * @since 0.1.0
 */
export const BEDROCK_MODELS: readonly BedrockModelInfo[] = [
  {
    id: 'openai.gpt-oss-120b',
    api: 'responses',
    mantleRoute: '/v1',
    runtimeId: 'openai.gpt-oss-120b-1:0',
    contextTokens: 128_000,
  },
  {
    id: 'openai.gpt-oss-20b',
    api: 'responses',
    mantleRoute: '/v1',
    runtimeId: 'openai.gpt-oss-20b-1:0',
    contextTokens: 128_000,
  },
  { id: 'openai.gpt-oss-safeguard-120b', api: 'chat-completions', mantleRoute: '/v1' },
  { id: 'openai.gpt-oss-safeguard-20b', api: 'chat-completions', mantleRoute: '/v1' },
  { id: 'openai.gpt-5.4', api: 'responses', mantleRoute: '/openai/v1' },
  { id: 'openai.gpt-5.5', api: 'responses', mantleRoute: '/openai/v1' },
  {
    id: 'openai.gpt-5.6-luna',
    api: 'responses',
    mantleRoute: '/openai/v1',
    runtimeNeedsProfile: true,
  },
  {
    id: 'openai.gpt-5.6-sol',
    api: 'responses',
    mantleRoute: '/openai/v1',
    runtimeNeedsProfile: true,
  },
  {
    id: 'openai.gpt-5.6-terra',
    api: 'responses',
    mantleRoute: '/openai/v1',
    runtimeNeedsProfile: true,
  },
];

/** Model families served on mantle's `/openai/v1` (OpenAI GPT-5.x, Gemma). Everything else: `/v1`. */
const OPENAI_ROUTE_FAMILIES: readonly RegExp[] = [/^openai\.gpt-5(?:[.-]|$)/, /^google\.gemma/];

/** Geography prefixes of cross-region inference profiles. */
const PROFILE_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;
/** Version suffixes of runtime/Converse ids: `-1:0`, `-v1:0`, `:0`. */
const VERSION_SUFFIX = /(?:-v?\d+)?:\d+$/;

/** A model id checked for an endpoint. */
export interface ResolvedModel {
  /** The id to send, unchanged. */
  readonly id: string;
  /** The route prefix that serves it (always `/openai/v1` on bedrock-runtime). */
  readonly route: ResponsesRoute;
  /** The table entry, when the model is known. */
  readonly info: BedrockModelInfo | undefined;
}

/**
 * The table entry of a model, by its mantle id, runtime id or inference-profile id.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * findModel('us.openai.gpt-5.6-sol')?.id; // 'openai.gpt-5.6-sol'
 * ```
 */
export function findModel(model: string): BedrockModelInfo | undefined {
  const bare = baseId(model);
  return BEDROCK_MODELS.find((m) => m.id === bare || m.runtimeId === model || m.runtimeId === bare);
}

/**
 * The mantle route prefix for a model: the table's entry, else the family rule (OpenAI GPT-5.x and
 * Gemma on `/openai/v1`, every other model on `/v1`).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * mantleRouteFor('openai.gpt-oss-120b'); // '/v1'
 * mantleRouteFor('openai.gpt-5.5');      // '/openai/v1'
 * ```
 */
export function mantleRouteFor(model: string): ResponsesRoute {
  const known = findModel(model);
  if (known !== undefined) return known.mantleRoute;
  const bare = baseId(model);
  return OPENAI_ROUTE_FAMILIES.some((family) => family.test(bare)) ? '/openai/v1' : '/v1';
}

/**
 * Checks a model id for an endpoint and picks its route prefix.
 *
 * @param region - used to suggest an inference-profile prefix (`us.`, `eu.`, `apac.`)
 * @throws UnsupportedModel — Chat-Completions-only models, a runtime id on mantle (or the reverse),
 *   a GPT-5.6 id on runtime without an inference-profile prefix, or an id that is not `<provider>.<model>`
 * @since 0.1.0
 * @example
 * ```ts
 * resolveModel('mantle', 'openai.gpt-5.5').route; // '/openai/v1'
 * resolveModel('mantle', 'openai.gpt-oss-120b-1:0'); // throws: use 'openai.gpt-oss-120b'
 * ```
 */
export function resolveModel(
  endpoint: BedrockEndpoint,
  model: string,
  region?: string,
): ResolvedModel {
  const id = model.trim();
  if (id === '' || /\s/.test(id) || (!id.includes('.') && !id.startsWith('arn:'))) {
    throw new UnsupportedModel({ model, endpoint, problem: 'malformed', suggestion: undefined });
  }
  const info = findModel(id);
  if (info?.api === 'chat-completions' || /-safeguard-/.test(id)) {
    throw new UnsupportedModel({
      model: id,
      endpoint,
      problem: 'chat-completions-only',
      suggestion: undefined,
    });
  }
  if (endpoint === 'mantle') {
    if (PROFILE_PREFIX.test(id) || VERSION_SUFFIX.test(id) || id.startsWith('arn:')) {
      throw new UnsupportedModel({
        model: id,
        endpoint,
        problem: 'runtime-id-on-mantle',
        suggestion: info?.id ?? baseId(id),
      });
    }
    return { id, route: mantleRouteFor(id), info };
  }
  if (info?.runtimeId !== undefined && id === info.id) {
    throw new UnsupportedModel({
      model: id,
      endpoint,
      problem: 'mantle-id-on-runtime',
      suggestion: info.runtimeId,
    });
  }
  if (info?.runtimeNeedsProfile === true && !PROFILE_PREFIX.test(id)) {
    throw new UnsupportedModel({
      model: id,
      endpoint,
      problem: 'needs-inference-profile',
      suggestion: `${geographyOf(region)}.${id}`,
    });
  }
  return { id, route: '/openai/v1', info };
}

/** The id without geography prefix and version suffix. */
function baseId(model: string): string {
  return model.trim().replace(PROFILE_PREFIX, '').replace(VERSION_SUFFIX, '');
}

function geographyOf(region: string | undefined): string {
  if (region === undefined) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  if (region.startsWith('us-')) return 'us';
  return 'global';
}
