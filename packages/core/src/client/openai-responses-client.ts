/**
 * The default `ResponsesClient`: the official `openai` SDK behind Weft's port. The SDK parses SSE
 * and builds requests; this module adds abort-on-interrupt, stream bookkeeping (terminal event,
 * last sequence number) and the one translation of SDK errors into Weft's tags. The SDK's own
 * retries are always off (`maxRetries: 0`): Weft's retry policy is the only one.
 *
 * @module
 */
import type { ProviderProfile } from '../ports/provider-profile.js';
import { Effect, Layer, type Scope, Stream } from 'effect';
import OpenAI from 'openai';
import type { ResponseItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ClientError } from '../errors.js';
import {
  ResponsesClient,
  type CallOptions,
  type CreateParams,
  type ResponseEventIterable,
  type ResponsesClientShape,
  type ServerConversation,
} from '../ports/responses-client.js';
import { mapSdkError, type ClientOperation, type ErrorContext } from './map-error.js';
import { trackEvents } from './tracked-events.js';

/** A `fetch` the SDK accepts (the global one, undici's, or a test double). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Use an `OpenAI` client the application already built (Bedrock provider, proxies, …). */
export interface ExistingClientOptions {
  readonly client: OpenAI;
  /** What the endpoint supports; strategies check it before calling. Defaults to everything. */
  readonly profile?: ProviderProfile | undefined;
  /** Names the endpoint in errors and traces. Defaults to the client's base URL host. */
  readonly provider?: string | undefined;
}

/** Build an `OpenAI` client from these settings. */
export interface ClientSettings {
  /** What the endpoint supports; strategies check it before calling. Defaults to everything. */
  readonly profile?: ProviderProfile | undefined;
  /** E.g. `https://bedrock-mantle.us-east-1.api.aws/v1`. Defaults to the SDK's (`OPENAI_BASE_URL` or OpenAI). */
  readonly baseURL?: string | undefined;
  /** Defaults to the SDK's (`OPENAI_API_KEY`). Never appears in errors. */
  readonly apiKey?: string | undefined;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly fetch?: FetchLike | undefined;
  /** Default time limit per call, in milliseconds (the SDK's default is 10 minutes). */
  readonly timeoutMs?: number | undefined;
  /** Names the endpoint in errors and traces. Defaults to the base URL host. */
  readonly provider?: string | undefined;
}

/** Options of {@link createOpenAIResponsesClient}: an existing SDK client, or settings to build one. */
export type OpenAIResponsesClientOptions = ExistingClientOptions | ClientSettings;

/**
 * Wraps the `openai` SDK as a {@link ResponsesClientShape}. Interrupting any returned Effect, or
 * closing a returned Stream early, aborts its HTTP request. Errors are Weft's tags (`ClientError`).
 *
 * **Details**
 * - `create` sends `stream: false`; `stream` sends `stream: true` and ends right after the terminal
 *   event (`response.completed` / `.incomplete` / `.failed`), failing with `StreamInterrupted` when
 *   the body ends or breaks first. `retrieveStream` sends `starting_after` to the server.
 * - `streamEvents` / `retrieveStreamEvents` are the same streams as plain async iterables (one
 *   promise per event, no Effect per event), opened in the caller's Scope.
 * - `inputItems` reads every page (`order: asc`, 100 per page). `createConversation` reports
 *   `createdAt` in epoch milliseconds.
 * - The SDK never retries (`maxRetries: 0`, per request for a client you pass in); wrap calls in
 *   `withRetry` for Weft's policy.
 *
 * @param options - `{ client }` to reuse an SDK client, or `{ baseURL, apiKey, headers, fetch, timeoutMs }`
 * @throws OpenAIError (synchronously) when building a client without an API key and none is in the environment
 * @throws RateLimited, ServerError, Timeout, Unauthorized, Forbidden, InvalidRequest, Cancelled — from every method
 * @throws PreviousResponseNotFound — from `create`/`stream` when `previous_response_id` is unknown
 * @throws ResponseNotFound — from `retrieve`, `retrieveStream`, `cancel`, `delete`, `inputItems`
 * @throws StreamInterrupted — from `stream`/`retrieveStream` (and their iterables) when the stream breaks before its terminal event
 * @since 0.1.0
 * @example
 * ```ts
 * const client = createOpenAIResponsesClient({ baseURL: server.baseURL, apiKey: 'local' });
 * const response = await Effect.runPromise(client.create({ model: 'scripted', input: 'hi' }));
 * ```
 */
export function createOpenAIResponsesClient(
  options: OpenAIResponsesClientOptions,
): ResponsesClientShape {
  const sdk = 'client' in options ? options.client : buildClient(options);
  const provider = options.provider ?? providerName(sdk.baseURL);

  const errorContext = (
    operation: ClientOperation,
    call: CallOptions | undefined,
    ids: {
      readonly responseId?: string | undefined;
      readonly previousResponseId?: string | undefined;
    } = {},
  ): ErrorContext => ({
    operation,
    ...ids,
    timeoutMs: call?.timeoutMs ?? sdk.timeout,
    secrets: [
      ...(typeof sdk.apiKey === 'string' ? [sdk.apiKey] : []),
      ...sensitiveValues('client' in options ? undefined : options.headers),
      ...sensitiveValues(call?.headers),
    ],
  });

  const requestOptions = (signal: AbortSignal, call: CallOptions | undefined) => ({
    signal,
    maxRetries: 0,
    ...(call?.timeoutMs === undefined ? {} : { timeout: call.timeoutMs }),
    ...(call?.headers === undefined ? {} : { headers: { ...call.headers } }),
  });

  const attempt = <A>(
    context: ErrorContext,
    run: (signal: AbortSignal) => PromiseLike<A>,
  ): Effect.Effect<A, ClientError> =>
    Effect.tryPromise({
      try: (signal) => run(signal),
      catch: (error) => mapSdkError(error, context),
    });

  /**
   * Opens an event stream in the caller's scope: closing the scope (early or not) aborts the
   * request, even while a read is pending.
   */
  const openEvents = (
    context: ErrorContext,
    initialSequence: number | undefined,
    open: (signal: AbortSignal) => PromiseLike<AsyncIterable<ResponseStreamEvent>>,
  ): Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope> =>
    Effect.gen(function* () {
      const controller = new AbortController();
      yield* Effect.addFinalizer(() => Effect.sync(() => controller.abort()));
      // One plain signal for the request: the SDK's reader checks it per chunk, and a composite
      // (`AbortSignal.any`) signal recomputes itself on every check.
      const iterable = yield* attempt(context, (signal) => {
        signal.addEventListener('abort', () => controller.abort(), { once: true });
        return open(controller.signal);
      });
      const events = trackEvents(iterable, context, initialSequence, () => controller.abort());
      yield* Effect.addFinalizer(() => Effect.sync(() => events.close()));
      return events;
    });

  // The Stream API over the same iterable: one bookkeeping for both ways of reading.
  const eventStream = (
    opened: Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope>,
  ): Stream.Stream<ResponseStreamEvent, ClientError> =>
    Stream.unwrap(
      Effect.map(opened, (events) =>
        Stream.fromAsyncIterable(events, (error) => error as ClientError),
      ),
    );

  const streamEvents = (
    params: CreateParams,
    call: CallOptions | undefined,
  ): Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope> =>
    openEvents(
      errorContext('responses.stream', call, { previousResponseId: previousId(params) }),
      undefined,
      (signal) => sdk.responses.create({ ...params, stream: true }, requestOptions(signal, call)),
    );

  const retrieveStreamEvents = (
    responseId: string,
    startingAfter: number | undefined,
    call: CallOptions | undefined,
  ): Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope> =>
    openEvents(
      errorContext('responses.retrieveStream', call, { responseId }),
      startingAfter,
      (signal) =>
        sdk.responses.retrieve(
          responseId,
          startingAfter === undefined
            ? { stream: true }
            : { stream: true, starting_after: startingAfter },
          requestOptions(signal, call),
        ),
    );

  return {
    provider,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),

    create: (params, call) =>
      attempt(
        errorContext('responses.create', call, { previousResponseId: previousId(params) }),
        (signal) =>
          sdk.responses.create({ ...params, stream: false }, requestOptions(signal, call)),
      ),

    stream: (params, call) => eventStream(streamEvents(params, call)),
    streamEvents,

    retrieve: (responseId, call) =>
      attempt(errorContext('responses.retrieve', call, { responseId }), (signal) =>
        sdk.responses.retrieve(responseId, {}, requestOptions(signal, call)),
      ),

    retrieveStream: (responseId, startingAfter, call) =>
      eventStream(retrieveStreamEvents(responseId, startingAfter, call)),
    retrieveStreamEvents,

    cancel: (responseId, call) =>
      attempt(errorContext('responses.cancel', call, { responseId }), (signal) =>
        sdk.responses.cancel(responseId, requestOptions(signal, call)),
      ),

    delete: (responseId, call) =>
      attempt(errorContext('responses.delete', call, { responseId }), (signal) =>
        sdk.responses.delete(responseId, requestOptions(signal, call)),
      ),

    inputItems: (responseId, call) =>
      attempt(errorContext('responses.inputItems', call, { responseId }), async (signal) => {
        const items: ResponseItem[] = [];
        const pages = sdk.responses.inputItems.list(
          responseId,
          { order: 'asc', limit: 100 },
          requestOptions(signal, call),
        );
        for await (const item of pages) items.push(item);
        return items;
      }),

    createConversation: (input, call) =>
      attempt(errorContext('conversations.create', call), async (signal) => {
        const created = await sdk.conversations.create(
          {
            ...(input.metadata === undefined ? {} : { metadata: { ...input.metadata } }),
            ...(input.items === undefined ? {} : { items: [...input.items] }),
          },
          requestOptions(signal, call),
        );
        return toServerConversation(created);
      }),

    deleteConversation: (conversationId, call) =>
      attempt(errorContext('conversations.delete', call), async (signal) => {
        await sdk.conversations.delete(conversationId, requestOptions(signal, call));
      }),
  };
}

/**
 * A layer providing the `ResponsesClient` service through {@link createOpenAIResponsesClient}.
 *
 * @throws OpenAIError (while building the layer, as a defect) when no API key is configured
 * @since 0.1.0
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const client = yield* ResponsesClient;
 *   return yield* client.create({ model: 'scripted', input: 'hi' });
 * });
 * await Effect.runPromise(Effect.provide(program, openAIResponsesClientLayer({ baseURL, apiKey: 'local' })));
 * ```
 */
export function openAIResponsesClientLayer(
  options: OpenAIResponsesClientOptions,
): Layer.Layer<ResponsesClient> {
  return Layer.sync(ResponsesClient, () => createOpenAIResponsesClient(options));
}

function buildClient(settings: ClientSettings): OpenAI {
  return new OpenAI({
    maxRetries: 0,
    ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.headers === undefined ? {} : { defaultHeaders: { ...settings.headers } }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.timeoutMs === undefined ? {} : { timeout: settings.timeoutMs }),
  });
}

const sensitiveHeader = /auth|key|token|secret|cookie|session|credential|signature/i;

/** Values of headers whose names suggest credentials, to be kept out of error texts. */
function sensitiveValues(headers: Readonly<Record<string, string>> | undefined): string[] {
  if (headers === undefined) return [];
  return Object.entries(headers)
    .filter(([name]) => sensitiveHeader.test(name))
    .map(([, value]) => value);
}

function providerName(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return 'openai';
  }
}

function previousId(params: CreateParams): string | undefined {
  return params.previous_response_id ?? undefined;
}

function toServerConversation(created: {
  readonly id: string;
  readonly created_at: number;
  readonly metadata: unknown;
}): ServerConversation {
  const metadata: Record<string, string> = {};
  if (typeof created.metadata === 'object' && created.metadata !== null) {
    for (const [key, value] of Object.entries(created.metadata)) {
      if (typeof value === 'string') metadata[key] = value;
    }
  }
  // The API reports seconds; Weft keeps epoch milliseconds everywhere.
  return { id: created.id, createdAt: Math.round(created.created_at * 1000), metadata };
}
