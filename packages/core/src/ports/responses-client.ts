import { Context, type Effect, type Scope, type Stream } from 'effect';
import type {
  ResponseCreateParamsBase,
  ResponseItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import type { InputItem, ResponseObject } from '../domain/items.js';
import type { ClientError } from '../errors.js';
import type { ProviderProfile } from './provider-profile.js';

/** Parameters of a create call (blocking, streaming or background are chosen by the method). */
export type CreateParams = Omit<ResponseCreateParamsBase, 'stream' | 'stream_options'>;

/** Per-call options. Interrupting the Effect aborts the HTTP request. */
export interface CallOptions {
  readonly timeoutMs?: number | undefined;
  /** Extra headers for this call (never logged, never stored). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A server-side conversation (Conversations API). */
export interface ServerConversation {
  readonly id: string;
  readonly createdAt: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A response's event stream as a plain async iterable, for readers that handle every event
 * synchronously (the stream strategy's hot path). Single pass, one reader. It ends right after the
 * terminal event; reading throws Weft's `ClientError`s only (`StreamInterrupted` when the body ends
 * or breaks before the terminal event).
 */
export interface ResponseEventIterable extends AsyncIterable<ResponseStreamEvent> {
  /** The Response the terminal event carried, once it was read. */
  readonly response: ResponseObject | undefined;
  /** Aborts the HTTP request; a pending read rejects and later reads end. Safe to call twice. */
  close(): void;
}

/**
 * The Responses API, as Weft uses it. The default implementation wraps the official `openai` SDK;
 * the replay client serves recorded turns through the same port. SDK errors are translated into
 * Weft's tagged errors here, once.
 */
export interface ResponsesClientShape {
  /** Identifies the endpoint in errors and traces (e.g. `openai`, `bedrock-mantle:us-east-1`). */
  readonly provider: string;
  /** What the endpoint supports; absent means everything ({@link openAIProfile}). */
  readonly profile?: ProviderProfile | undefined;
  create(params: CreateParams, options?: CallOptions): Effect.Effect<ResponseObject, ClientError>;
  /** `stream: true`; events as the SDK parsed them. Stopping the stream aborts the request. */
  stream(
    params: CreateParams,
    options?: CallOptions,
  ): Stream.Stream<ResponseStreamEvent, ClientError>;
  /**
   * `stream`, read as a {@link ResponseEventIterable}: the Effect sends the request and succeeds once
   * the server answered; closing its Scope (or interrupting it) aborts the request. Optional: callers
   * fall back to `stream` where a client lacks it.
   */
  streamEvents?(
    params: CreateParams,
    options?: CallOptions,
  ): Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope>;
  retrieve(responseId: string, options?: CallOptions): Effect.Effect<ResponseObject, ClientError>;
  /** Re-opens a (background) response's event stream after `startingAfter` (all events when omitted). */
  retrieveStream(
    responseId: string,
    startingAfter: number | undefined,
    options?: CallOptions,
  ): Stream.Stream<ResponseStreamEvent, ClientError>;
  /** `retrieveStream`, read as a {@link ResponseEventIterable} (see `streamEvents`). Optional. */
  retrieveStreamEvents?(
    responseId: string,
    startingAfter: number | undefined,
    options?: CallOptions,
  ): Effect.Effect<ResponseEventIterable, ClientError, Scope.Scope>;
  cancel(responseId: string, options?: CallOptions): Effect.Effect<ResponseObject, ClientError>;
  delete(responseId: string, options?: CallOptions): Effect.Effect<void, ClientError>;
  /** Every input item of a stored response, oldest first. */
  inputItems(
    responseId: string,
    options?: CallOptions,
  ): Effect.Effect<readonly ResponseItem[], ClientError>;
  /** Conversations API: create a server-side conversation, optionally seeded with items. */
  createConversation(
    input: {
      readonly metadata?: Readonly<Record<string, string>> | undefined;
      readonly items?: readonly InputItem[] | undefined;
    },
    options?: CallOptions,
  ): Effect.Effect<ServerConversation, ClientError>;
  deleteConversation(
    conversationId: string,
    options?: CallOptions,
  ): Effect.Effect<void, ClientError>;
}

/** The `ResponsesClient` service. */
export class ResponsesClient extends Context.Service<ResponsesClient, ResponsesClientShape>()(
  '@weft/core/ResponsesClient',
) {}
