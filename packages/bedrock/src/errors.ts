/**
 * Errors `bedrock()` raises while it builds a client, before any request. Errors of requests are
 * core's tags (`RateLimited`, `Forbidden`, …) with Bedrock advice, see `client-errors.ts`.
 *
 * @module
 */
import { Data } from 'effect';

/** The endpoint does not serve this region. */
export class UnknownRegion extends Data.TaggedError('UnknownRegion')<{
  readonly region: string;
  readonly endpoint: 'mantle' | 'runtime';
  readonly validRegions: readonly string[];
  /** The other endpoint, when it serves the region. */
  readonly servedBy: 'mantle' | 'runtime' | undefined;
}> {
  override get message(): string {
    const other =
      this.servedBy === undefined
        ? ''
        : ` It is served by bedrock-${this.servedBy}: pass endpoint: '${this.servedBy}'.`;
    return `Region '${this.region}' does not serve the Responses API on bedrock-${this.endpoint}; use one of ${this.validRegions.join(', ')}.${other} For a region newer than this list, pass baseURL.`;
  }
}

/** Why a model id was refused. */
export type ModelProblem =
  | 'chat-completions-only'
  | 'runtime-id-on-mantle'
  | 'mantle-id-on-runtime'
  | 'needs-inference-profile'
  | 'malformed';

/** The model id cannot be used with the Responses API on this endpoint. */
export class UnsupportedModel extends Data.TaggedError('UnsupportedModel')<{
  readonly model: string;
  readonly endpoint: 'mantle' | 'runtime';
  readonly problem: ModelProblem;
  /** What to use instead, when there is a clear answer. */
  readonly suggestion: string | undefined;
}> {
  override get message(): string {
    const instead = this.suggestion === undefined ? '' : ` Use '${this.suggestion}' instead.`;
    switch (this.problem) {
      case 'chat-completions-only':
        return `Model '${this.model}' serves only Chat Completions on Bedrock, not the Responses API; pick a Responses model such as openai.gpt-oss-120b.`;
      case 'runtime-id-on-mantle':
        return `'${this.model}' is a bedrock-runtime/Converse model id; bedrock-mantle ids have no version suffix or geography prefix.${instead} Or pass endpoint: 'runtime'.`;
      case 'mantle-id-on-runtime':
        return `'${this.model}' is a bedrock-mantle model id; bedrock-runtime names this model with a version suffix.${instead} Or pass endpoint: 'mantle'.`;
      case 'needs-inference-profile':
        return `Model '${this.model}' is served on bedrock-runtime only through a cross-region inference profile.${instead} (or 'global.${this.model}').`;
      case 'malformed':
        return `'${this.model}' is not a Bedrock model id (expected '<provider>.<model>', e.g. openai.gpt-oss-120b); list the ids your account can use with GET <base URL>/models.`;
    }
  }
}

/** The options or the environment do not describe a usable Bedrock client. */
export class BedrockConfigError extends Data.TaggedError('BedrockConfigError')<{
  readonly problem: string;
  readonly fix: string;
}> {
  override get message(): string {
    return `${this.problem}; ${this.fix}.`;
  }
}

/** Every error `bedrock()` can throw while building a client. */
export type BedrockError = UnknownRegion | UnsupportedModel | BedrockConfigError;

const tags: ReadonlySet<string> = new Set([
  'UnknownRegion',
  'UnsupportedModel',
  'BedrockConfigError',
]);

/**
 * True when `value` is one of the errors `bedrock()` throws while building a client.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * try { bedrock({ region: 'mars-1', model: 'openai.gpt-oss-120b' }); } catch (e) { if (isBedrockError(e)) console.error(e.message); }
 * ```
 */
export function isBedrockError(value: unknown): value is BedrockError {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_tag' in value &&
    typeof (value as { _tag: unknown })._tag === 'string' &&
    tags.has((value as { _tag: string })._tag)
  );
}
