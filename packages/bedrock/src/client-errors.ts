/**
 * Core's request errors with Bedrock advice. Each class extends core's tag (same `_tag`, same
 * `instanceof`, so `catchTag('RateLimited')` and retry policies still apply) and adds the region,
 * the model and a message that says what to do on Bedrock. Fields never hold keys or tokens.
 *
 * @module
 */
import { Forbidden, InvalidRequest, RateLimited, Unauthorized } from '@weft/core';
import type { ResponsesRoute } from './models.js';
import type { BedrockEndpoint } from './regions.js';

/** Where a failed call went. */
export interface BedrockCallFields {
  readonly endpoint: BedrockEndpoint;
  readonly region: string;
  /** The model of the call, when it named one. */
  readonly model: string | undefined;
}

type Args<C extends abstract new (...args: never) => unknown> = ConstructorParameters<C>[0];

/** Throttled by Bedrock's token quotas (HTTP 429). */
export class BedrockRateLimited extends RateLimited {
  declare readonly endpoint: BedrockEndpoint;
  declare readonly region: string;
  declare readonly model: string | undefined;
  constructor(args: Args<typeof RateLimited> & BedrockCallFields) {
    super(args);
  }
  override get message(): string {
    const quotas =
      this.endpoint === 'mantle'
        ? 'its input and output token quotas per minute (a request is admitted against input TPM with its input tokens plus max_output_tokens)'
        : 'its tokens-per-minute and tokens-per-day quotas (shared with InvokeModel and Converse)';
    return `Bedrock throttled the request: ${this.model ?? 'the model'} in ${this.region} is over ${quotas}. Retry after ${this.retryAfterMs ?? 1000} ms, request a quota increase in Service Quotas (Amazon Bedrock, ${this.region}), or lower max_output_tokens.`;
  }
}

/** Access to the model is denied, or the model is not enabled in the region (403, or Bedrock's 401 `access_denied`). */
export class BedrockForbidden extends Forbidden {
  declare readonly endpoint: BedrockEndpoint;
  declare readonly region: string;
  declare readonly model: string | undefined;
  /** The HTTP status Bedrock answered (some accounts see 401 for this case). */
  declare readonly status: number;
  constructor(args: Args<typeof Forbidden> & BedrockCallFields & { readonly status: number }) {
    super(args);
  }
  override get message(): string {
    return `Bedrock denied access to ${this.model ?? 'the model'} in ${this.region} (${this.detail}); request model access in the Bedrock console for ${this.region} (Model access), or use a region where the model is enabled. If access is granted, check that the IAM policy allows it and that the base URL uses the model's route prefix.`;
  }
}

/** How the client authenticates, for advice on a refused credential. */
export type AuthKind = 'api-key' | 'token-provider' | 'aws-credentials';

/** The bearer key or token was refused (HTTP 401), or none could be obtained. */
export class BedrockUnauthorized extends Unauthorized {
  declare readonly endpoint: BedrockEndpoint;
  declare readonly region: string;
  declare readonly model: string | undefined;
  declare readonly authKind: AuthKind;
  /** True when no token could be obtained at all (no request was sent). */
  declare readonly noToken: boolean;
  constructor(
    args: Args<typeof Unauthorized> &
      BedrockCallFields & { readonly authKind: AuthKind; readonly noToken: boolean },
  ) {
    super(args);
  }
  override get message(): string {
    if (this.noToken) {
      return `No Bedrock token could be obtained (${this.detail}); configure AWS credentials (AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance role) or pass apiKey. No request was sent.`;
    }
    switch (this.authKind) {
      case 'api-key':
        return `Bedrock refused the API key (${this.detail}). Short-term keys last ≤ 12 h (or the session, if shorter) and work only in the region they were made for (${this.region}); refresh the key, or pass AWS credentials so Weft makes and refreshes tokens itself.`;
      case 'token-provider':
        return `Bedrock refused the token from tokenProvider (${this.detail}); short-term keys last ≤ 12 h and work only in their region (${this.region}); make tokenProvider return a current one.`;
      case 'aws-credentials':
        return `Bedrock refused the token made from AWS credentials (${this.detail}); check that the credentials are current and that their IAM policy allows bedrock:CallWithBearerToken and model invocation in ${this.region}.`;
    }
  }
}

/** The model was sent to the wrong route prefix ("isn't supported on this route"). */
export class BedrockWrongRoute extends InvalidRequest {
  declare readonly endpoint: BedrockEndpoint;
  declare readonly region: string;
  declare readonly model: string | undefined;
  /** The prefix that serves the model. */
  declare readonly expectedRoute: ResponsesRoute;
  /** The prefix the client used, when known. */
  declare readonly usedRoute: string | undefined;
  constructor(
    args: Args<typeof InvalidRequest> &
      BedrockCallFields & {
        readonly expectedRoute: ResponsesRoute;
        readonly usedRoute: string | undefined;
      },
  ) {
    super(args);
  }
  override get message(): string {
    const used = this.usedRoute === undefined ? 'this route' : `${this.usedRoute}`;
    return `Model ${this.model ?? '(unknown)'} isn't served on ${used} of bedrock-${this.endpoint}; it lives under ${this.expectedRoute}. Build a client for it with bedrock({ model: '${this.model ?? '…'}' }), which picks the prefix, or fix baseURL.`;
  }
}

/** The model id is unknown to Bedrock in this region (HTTP 404 or `model_not_found`). */
export class BedrockModelNotFound extends InvalidRequest {
  declare readonly endpoint: BedrockEndpoint;
  declare readonly region: string;
  declare readonly model: string | undefined;
  constructor(args: Args<typeof InvalidRequest> & BedrockCallFields) {
    super(args);
  }
  override get message(): string {
    return `Bedrock does not know model ${this.model ?? '(unknown)'} in ${this.region} (${this.detail}); check the id (mantle ids have no version suffix, runtime ids do), list the models your account can use with GET <base URL>/models, or pick a region that serves the model.`;
  }
}
