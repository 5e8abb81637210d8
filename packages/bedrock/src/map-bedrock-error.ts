/**
 * Turns core's request errors into their Bedrock variants. Core maps SDK errors once (status, code,
 * redaction); this adds what only Bedrock explains: throttling by token quotas, model access per
 * region, the route prefix per model, short-term keys, and a token that could not be obtained.
 *
 * @module
 */
import type { ClientError } from '@weft/core';
import {
  BedrockForbidden,
  BedrockModelNotFound,
  BedrockRateLimited,
  BedrockUnauthorized,
  BedrockWrongRoute,
  type AuthKind,
} from './client-errors.js';
import { mantleRouteFor, type ResponsesRoute } from './models.js';
import type { BedrockEndpoint } from './regions.js';
import { redact } from './internal/redact.js';

/** What the mapper knows about the client and the call. */
export interface BedrockErrorContext {
  readonly endpoint: BedrockEndpoint;
  readonly region: string;
  /** The model of the call (or the client's model). */
  readonly model: string | undefined;
  /** The route prefix the client sends to, when it is one of the two known ones. */
  readonly route: ResponsesRoute | undefined;
  readonly authKind: AuthKind;
  /** Why the last token request failed, already free of secrets. */
  readonly lastTokenFailure: () => string | undefined;
  /** Keys and tokens to remove from any text. */
  readonly secrets: () => readonly string[];
}

/**
 * What the SDK says when the bearer-token callback failed (openai/providers/bedrock), as core's
 * redaction leaves it ("bearer credential" reads like a bearer header to it).
 */
const TOKEN_FAILURE =
  /Failed to resolve a (?:bearer credential|\[redacted\]) for Bedrock|credential provider must return/;
const WRONG_ROUTE = /(?:isn't|is not|not) supported on this route/i;
const NOT_ENABLED =
  /not enabled for this account|access_denied|don't have access to the model|do not have access to the model|not authorized to access this model/i;
const MODEL_UNKNOWN =
  /model_not_found|model .* (?:does not exist|not found)|invalid model identifier|provided model identifier is invalid/i;

/**
 * Maps one core `ClientError` to its Bedrock variant; other errors come back unchanged (with any
 * known secret removed from their text).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const mapped = mapBedrockError(error, context); // RateLimited → BedrockRateLimited, …
 * ```
 */
export function mapBedrockError(error: ClientError, context: BedrockErrorContext): ClientError {
  const call = { endpoint: context.endpoint, region: context.region, model: context.model };
  const clean = (text: string): string => redact(text, context.secrets());
  switch (error._tag) {
    case 'RateLimited':
      if (error.code === 'insufficient_quota') return error;
      return new BedrockRateLimited({ ...fieldsOf(error), ...call });
    case 'Forbidden':
      return new BedrockForbidden({
        detail: clean(error.detail),
        requestId: error.requestId,
        ...call,
        status: 403,
      });
    case 'Unauthorized':
      if (NOT_ENABLED.test(error.detail)) {
        return new BedrockForbidden({
          detail: clean(error.detail),
          requestId: error.requestId,
          ...call,
          status: 401,
        });
      }
      return new BedrockUnauthorized({
        detail: clean(error.detail),
        requestId: error.requestId,
        ...call,
        authKind: context.authKind,
        noToken: false,
      });
    case 'InvalidRequest': {
      const detail = clean(error.detail);
      const base = {
        status: error.status,
        code: error.code,
        param: error.param,
        detail,
        requestId: error.requestId,
      };
      if (WRONG_ROUTE.test(error.detail)) {
        const expectedRoute: ResponsesRoute =
          context.endpoint === 'runtime' ? '/openai/v1' : mantleRouteFor(context.model ?? '');
        return new BedrockWrongRoute({ ...base, ...call, expectedRoute, usedRoute: context.route });
      }
      if (
        error.status === 404 ||
        error.code === 'model_not_found' ||
        MODEL_UNKNOWN.test(error.detail)
      ) {
        return new BedrockModelNotFound({ ...base, ...call });
      }
      return rebuildWithDetail(error, detail);
    }
    case 'ServerError':
      if (error.status === undefined && TOKEN_FAILURE.test(error.detail)) {
        return new BedrockUnauthorized({
          detail: clean(context.lastTokenFailure() ?? 'the token source failed'),
          requestId: undefined,
          ...call,
          authKind: context.authKind,
          noToken: true,
        });
      }
      return rebuildWithDetail(error, clean(error.detail));
    case 'StreamInterrupted':
      return rebuildWithDetail(error, clean(error.detail));
    default:
      return error;
  }
}

function fieldsOf(error: {
  readonly retryAfterMs: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
}) {
  return { retryAfterMs: error.retryAfterMs, code: error.code, requestId: error.requestId };
}

/** The same error with `detail` replaced, when redaction changed it. */
function rebuildWithDetail<E extends ClientError & { readonly detail: string }>(
  error: E,
  detail: string,
): E {
  if (detail === error.detail) return error;
  const Ctor = error.constructor as new (args: Record<string, unknown>) => E;
  return new Ctor({ ...error, detail });
}
