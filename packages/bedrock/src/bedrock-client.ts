/**
 * The Bedrock `ResponsesClient`: core's client over the SDK, wrapped so that every error it raises
 * is re-read with Bedrock advice, and so that a call for a model the client's route prefix does not
 * serve fails before any request.
 *
 * @module
 */
import {
  InvalidRequest,
  type ClientError,
  type CreateParams,
  type ResponsesClientShape,
} from '@weft/core';
import { Effect, Stream } from 'effect';
import type { TokenSource } from './auth/token-source.js';
import { BedrockWrongRoute } from './client-errors.js';
import { isBedrockError } from './errors.js';
import { mapBedrockError, type BedrockErrorContext } from './map-bedrock-error.js';
import { resolveModel, type ResponsesRoute } from './models.js';
import type { BedrockEndpoint } from './regions.js';

/** What the wrapper needs to know about the client it wraps. */
export interface BedrockClientContext {
  readonly endpoint: BedrockEndpoint;
  readonly region: string;
  /** The model the client was built for. */
  readonly model: string;
  /** The route prefix in use, when it is one of the two known ones. */
  readonly route: ResponsesRoute | undefined;
  readonly auth: TokenSource;
}

/**
 * Wraps a core `ResponsesClientShape` (built on the SDK's Bedrock provider) with Bedrock error
 * mapping and per-call model checks.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const client = wrapBedrockClient(createOpenAIResponsesClient({ client: sdk, profile }), context);
 * ```
 */
export function wrapBedrockClient(
  inner: ResponsesClientShape,
  context: BedrockClientContext,
): ResponsesClientShape {
  const errorContext = (model: string | undefined): BedrockErrorContext => ({
    endpoint: context.endpoint,
    region: context.region,
    model: model ?? context.model,
    route: context.route,
    authKind: context.auth.kind,
    lastTokenFailure: () => context.auth.lastFailure(),
    secrets: () => context.auth.secrets(),
  });
  const mapEffect = <A>(effect: Effect.Effect<A, ClientError>, model?: string) =>
    Effect.mapError(effect, (error) => mapBedrockError(error, errorContext(model)));
  const mapStream = <A>(stream: Stream.Stream<A, ClientError>, model?: string) =>
    Stream.mapError(stream, (error) => mapBedrockError(error, errorContext(model)));

  return {
    provider: inner.provider,
    ...(inner.profile === undefined ? {} : { profile: inner.profile }),
    create: (params, options) =>
      Effect.flatMap(checkCallModel(params, context), () =>
        mapEffect(inner.create(params, options), params.model),
      ),
    stream: (params, options) =>
      Stream.unwrap(
        Effect.map(checkCallModel(params, context), () =>
          mapStream(inner.stream(params, options), params.model),
        ),
      ),
    retrieve: (id, options) => mapEffect(inner.retrieve(id, options)),
    retrieveStream: (id, after, options) => mapStream(inner.retrieveStream(id, after, options)),
    cancel: (id, options) => mapEffect(inner.cancel(id, options)),
    delete: (id, options) => mapEffect(inner.delete(id, options)),
    inputItems: (id, options) => mapEffect(inner.inputItems(id, options)),
    createConversation: (input, options) => mapEffect(inner.createConversation(input, options)),
    deleteConversation: (id, options) => mapEffect(inner.deleteConversation(id, options)),
  };
}

/**
 * Refuses, before any request, a call whose model the endpoint cannot serve through this client:
 * an invalid id for the endpoint, or (mantle) a model that lives under the other route prefix.
 */
function checkCallModel(
  params: CreateParams,
  context: BedrockClientContext,
): Effect.Effect<void, InvalidRequest> {
  const model = params.model;
  if (typeof model !== 'string' || model === context.model) return Effect.void;
  let route: ResponsesRoute;
  try {
    route = resolveModel(context.endpoint, model, context.region).route;
  } catch (error) {
    if (!isBedrockError(error)) throw error;
    return Effect.fail(
      new InvalidRequest({
        status: 400,
        code: 'unsupported_model',
        param: 'model',
        detail: error.message,
        requestId: undefined,
      }),
    );
  }
  if (context.route === undefined || route === context.route) return Effect.void;
  return Effect.fail(
    new BedrockWrongRoute({
      status: 400,
      code: 'wrong_route',
      param: 'model',
      detail: `this client was built for ${context.model}; no request was sent`,
      requestId: undefined,
      endpoint: context.endpoint,
      region: context.region,
      model,
      expectedRoute: route,
      usedRoute: context.route,
    }),
  );
}
