/**
 * A `ResponsesClient` that traces each call with the GenAI semantic conventions: one CLIENT span per
 * Responses API call, token usage and call duration as metrics. Prompts and outputs stay off the
 * span unless `recordContent` is on.
 *
 * @module
 */
import {
  SpanKind,
  type Attributes,
  type Context as OtelContext,
  type Span,
} from '@opentelemetry/api';
import { Effect, Exit, type Scope, Stream } from 'effect';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ResponseObject } from '../domain/items.js';
import type {
  CallOptions,
  CreateParams,
  ResponseEventIterable,
  ResponsesClientShape,
} from '../ports/responses-client.js';
import { Attr, providerNameOf } from './attributes.js';
import { endSpanWith, inSpan } from './span-effect.js';
import type { Telemetry } from './telemetry.js';

/** Where the client's spans hang and what they are about. */
export interface ClientSpanScope {
  /** The parent context (a turn span); default the active context. */
  readonly parent?: OtelContext | undefined;
  readonly conversationId?: string | undefined;
  readonly turnId?: string | undefined;
}

/**
 * What a traced client was made from. Work a strategy does inside its turn (a background job's
 * polls, a stream resume) uses it to put the client's calls under its own spans.
 */
export interface TracedClientOrigin {
  /** The client without tracing. */
  readonly client: ResponsesClientShape;
  readonly telemetry: Telemetry;
  readonly scope: ClientSpanScope;
}

// Keyed by the traced client: the client shape stays a plain port, with nothing extra on it.
const origins = new WeakMap<ResponsesClientShape, TracedClientOrigin>();

/**
 * The telemetry, span scope and untraced client behind a client made by
 * {@link instrumentResponsesClient}; undefined for any other client.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const origin = tracedClientOrigin(context.client);
 * const polls = origin && instrumentResponsesClient(origin.client, origin.telemetry, { parent: pollContext });
 * ```
 */
export function tracedClientOrigin(client: ResponsesClientShape): TracedClientOrigin | undefined {
  return origins.get(client);
}

const terminalTypes: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.cancelled',
]);

/** `gen_ai.response.finish_reasons` of a Response; empty while it runs (a background create). */
export function finishReasons(response: ResponseObject): string[] {
  switch (response.status) {
    case 'completed':
      return response.output.some((o) => o.type === 'function_call') ? ['tool_calls'] : ['stop'];
    case 'incomplete':
      return [response.incomplete_details?.reason ?? 'incomplete'];
    case 'failed':
      return ['error'];
    case 'cancelled':
      return ['cancelled'];
    case 'queued':
    case 'in_progress':
      return [];
    default:
      return [response.status ?? 'unknown'];
  }
}

/**
 * Wraps a client so every call makes a span (`chat {model}` for create/stream, `weft.responses.*`
 * for the others) under `scope.parent`, and records `gen_ai.client.operation.duration` and
 * `gen_ai.client.token.usage`.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const traced = instrumentResponsesClient(client, resolveTelemetry({ tracer }));
 * ```
 */
export function instrumentResponsesClient(
  client: ResponsesClientShape,
  telemetry: Telemetry,
  scope: ClientSpanScope = {},
): ResponsesClientShape {
  const { tracer, instruments, recordContent } = telemetry;
  const provider = providerNameOf(client.provider);
  const base: Attributes = {
    [Attr.genAiProviderName]: provider,
    [Attr.genAiSystem]: provider,
    [Attr.serverAddress]: client.provider,
    ...(scope.conversationId === undefined ? {} : { [Attr.conversationId]: scope.conversationId }),
    ...(scope.turnId === undefined ? {} : { [Attr.turnId]: scope.turnId }),
  };

  const requestAttributes = (params: CreateParams): Attributes => {
    const attrs: Attributes = {
      ...base,
      [Attr.genAiOperationName]: 'chat',
      [Attr.genAiRequestModel]: String(params.model ?? ''),
    };
    if (typeof params.temperature === 'number')
      attrs[Attr.genAiRequestTemperature] = params.temperature;
    if (typeof params.top_p === 'number') attrs[Attr.genAiRequestTopP] = params.top_p;
    if (typeof params.max_output_tokens === 'number')
      attrs[Attr.genAiRequestMaxTokens] = params.max_output_tokens;
    return attrs;
  };

  const recordResponse = (
    span: Span,
    response: ResponseObject,
    model: string,
    startedAt: number,
  ): void => {
    const reasons = finishReasons(response);
    span.setAttributes({
      [Attr.genAiResponseId]: response.id,
      [Attr.genAiResponseModel]: response.model,
      ...(reasons.length === 0 ? {} : { [Attr.genAiResponseFinishReasons]: reasons }),
    });
    const metricAttrs: Attributes = {
      [Attr.genAiOperationName]: 'chat',
      [Attr.genAiProviderName]: provider,
      [Attr.genAiRequestModel]: model,
      [Attr.genAiResponseModel]: response.model,
    };
    const usage = response.usage;
    if (usage !== undefined && usage !== null) {
      span.setAttributes({
        [Attr.genAiUsageInputTokens]: usage.input_tokens,
        [Attr.genAiUsageOutputTokens]: usage.output_tokens,
      });
      instruments.tokenUsage.record(usage.input_tokens, {
        ...metricAttrs,
        [Attr.genAiTokenType]: 'input',
      });
      instruments.tokenUsage.record(usage.output_tokens, {
        ...metricAttrs,
        [Attr.genAiTokenType]: 'output',
      });
    }
    instruments.operationDuration.record((performance.now() - startedAt) / 1000, metricAttrs);
    if (recordContent && span.isRecording()) {
      span.setAttribute(Attr.genAiOutputMessages, JSON.stringify(response.output));
    }
  };

  const startCall = (params: CreateParams): { span: Span; startedAt: number; model: string } => {
    const model = String(params.model ?? '');
    const span = tracer.startSpan(
      `chat ${model}`,
      { kind: SpanKind.CLIENT, attributes: requestAttributes(params) },
      scope.parent,
    );
    if (recordContent && span.isRecording()) {
      span.setAttribute(
        Attr.genAiInputMessages,
        JSON.stringify({ instructions: params.instructions ?? null, input: params.input ?? null }),
      );
    }
    return { span, startedAt: performance.now(), model };
  };

  const simple = <A, E>(
    operation: string,
    attrs: Attributes,
    effect: Effect.Effect<A, E>,
  ): Effect.Effect<A, E> =>
    inSpan(
      tracer,
      `weft.${operation}`,
      { kind: SpanKind.CLIENT, attributes: { ...base, [Attr.operation]: operation, ...attrs } },
      scope.parent,
      () => effect,
    );

  const tracedStream = <E>(
    open: () => Stream.Stream<ResponseStreamEvent, E>,
    start: () => { span: Span; startedAt: number; model: string },
  ): Stream.Stream<ResponseStreamEvent, E> =>
    Stream.suspend(() => {
      const call = start();
      let response: ResponseObject | undefined;
      return open().pipe(
        Stream.tap((event) =>
          Effect.sync(() => {
            if (terminalTypes.has(event.type) && 'response' in event) response = event.response;
          }),
        ),
        Stream.onExit((exit) =>
          Effect.sync(() =>
            endSpanWith(
              call.span,
              Exit.isSuccess(exit) ? Exit.succeed(response) : (exit as Exit.Exit<never, unknown>),
              (span, r: ResponseObject | undefined) => {
                if (r !== undefined) recordResponse(span, r, call.model || r.model, call.startedAt);
              },
            ),
          ),
        ),
      );
    });

  // The iterable is not wrapped: the span ends with the reader's scope, and the terminal Response
  // is read from the iterable then, so no event pays for tracing.
  const tracedEvents = <E>(
    open: () => Effect.Effect<ResponseEventIterable, E, Scope.Scope>,
    start: () => { span: Span; startedAt: number; model: string },
  ): Effect.Effect<ResponseEventIterable, E, Scope.Scope> =>
    Effect.suspend(() => {
      const call = start();
      let events: ResponseEventIterable | undefined;
      return Effect.addFinalizer((exit) =>
        Effect.sync(() =>
          endSpanWith(
            call.span,
            Exit.isSuccess(exit)
              ? Exit.succeed(events?.response)
              : (exit as Exit.Exit<never, unknown>),
            (span, r: ResponseObject | undefined) => {
              if (r !== undefined) recordResponse(span, r, call.model || r.model, call.startedAt);
            },
          ),
        ),
      ).pipe(
        Effect.andThen(open()),
        Effect.tap((opened) =>
          Effect.sync(() => {
            events = opened;
          }),
        ),
      );
    });

  const retrieveStreamSpan = (
    responseId: string,
    startingAfter: number | undefined,
  ): { span: Span; startedAt: number; model: string } => ({
    span: tracer.startSpan(
      'weft.responses.retrieveStream',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          ...base,
          [Attr.operation]: 'responses.retrieveStream',
          [Attr.responseId]: responseId,
          ...(startingAfter === undefined ? {} : { [Attr.streamStartingAfter]: startingAfter }),
        },
      },
      scope.parent,
    ),
    startedAt: performance.now(),
    model: '',
  });

  const streamEvents = client.streamEvents?.bind(client);
  const retrieveStreamEvents = client.retrieveStreamEvents?.bind(client);

  const traced: ResponsesClientShape = {
    provider: client.provider,
    ...(client.profile !== undefined ? { profile: client.profile } : {}),
    create: (params, options) =>
      Effect.suspend(() => {
        const call = startCall(params);
        return client
          .create(params, options)
          .pipe(
            Effect.onExit((exit) =>
              Effect.sync(() =>
                endSpanWith(call.span, exit, (span, r) =>
                  recordResponse(span, r, call.model, call.startedAt),
                ),
              ),
            ),
          );
      }),
    stream: (params, options) =>
      tracedStream(
        () => client.stream(params, options),
        () => startCall(params),
      ),
    retrieve: (responseId, options) =>
      simple(
        'responses.retrieve',
        { [Attr.responseId]: responseId },
        client.retrieve(responseId, options),
      ),
    retrieveStream: (responseId, startingAfter, options) =>
      tracedStream(
        () => client.retrieveStream(responseId, startingAfter, options),
        () => retrieveStreamSpan(responseId, startingAfter),
      ),
    ...(streamEvents === undefined
      ? {}
      : {
          streamEvents: (params: CreateParams, options?: CallOptions) =>
            tracedEvents(
              () => streamEvents(params, options),
              () => startCall(params),
            ),
        }),
    ...(retrieveStreamEvents === undefined
      ? {}
      : {
          retrieveStreamEvents: (
            responseId: string,
            startingAfter: number | undefined,
            options?: CallOptions,
          ) =>
            tracedEvents(
              () => retrieveStreamEvents(responseId, startingAfter, options),
              () => retrieveStreamSpan(responseId, startingAfter),
            ),
        }),
    cancel: (responseId, options) =>
      simple(
        'responses.cancel',
        { [Attr.responseId]: responseId },
        client.cancel(responseId, options),
      ),
    delete: (responseId, options) =>
      simple(
        'responses.delete',
        { [Attr.responseId]: responseId },
        client.delete(responseId, options),
      ),
    inputItems: (responseId, options) =>
      simple(
        'responses.inputItems',
        { [Attr.responseId]: responseId },
        client.inputItems(responseId, options),
      ),
    createConversation: (input, options) =>
      simple('conversations.create', {}, client.createConversation(input, options)),
    deleteConversation: (conversationId, options) =>
      simple('conversations.delete', {}, client.deleteConversation(conversationId, options)),
  };
  origins.set(traced, { client: origins.get(client)?.client ?? client, telemetry, scope });
  return traced;
}
