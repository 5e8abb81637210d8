/**
 * Translates errors thrown by the `openai` SDK (and by the transport under it) into Weft's tagged
 * errors, once, at the port. Nothing here keeps the SDK error as a `cause`: SDK errors hold
 * response headers and transport causes, and a tagged error's fields are serialised as they are.
 * Every text taken from the server is passed through {@link redactSecrets}.
 *
 * @module
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  Cancelled,
  InvalidRequest,
  PreviousResponseNotFound,
  RateLimited,
  ResponseNotFound,
  ServerError,
  StreamInterrupted,
  Timeout,
  Forbidden,
  Unauthorized,
  type ClientError,
} from '../errors.js';
import { parseRetryAfter } from './retry-after.js';
import { redactSecrets } from './redact.js';

/** The port operations, as named in `Timeout.operation` and in traces. */
export type ClientOperation =
  | 'responses.create'
  | 'responses.stream'
  | 'responses.retrieve'
  | 'responses.retrieveStream'
  | 'responses.cancel'
  | 'responses.delete'
  | 'responses.inputItems'
  | 'conversations.create'
  | 'conversations.delete';

/** Operations that name an existing response: a 404 on them means that response is unknown. */
const responseOperations: ReadonlySet<ClientOperation> = new Set([
  'responses.retrieve',
  'responses.retrieveStream',
  'responses.cancel',
  'responses.delete',
  'responses.inputItems',
]);

/** What the mapper needs to know about the call that failed. */
export interface ErrorContext {
  readonly operation: ClientOperation;
  /** The response the call addressed (retrieve, cancel, delete, input items, resumed stream). */
  readonly responseId?: string | undefined;
  /** `previous_response_id` of a create call, named by `PreviousResponseNotFound`. */
  readonly previousResponseId?: string | undefined;
  /** The time limit that applied, reported by `Timeout`. */
  readonly timeoutMs?: number | undefined;
  /** Strings that must never appear in an error (the API key); removed from server texts. */
  readonly secrets?: readonly string[] | undefined;
  /** Epoch milliseconds, for `Retry-After` HTTP dates. Defaults to `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Where a stream was when it broke. */
export interface StreamPosition {
  /** `sequence_number` of the last event received, if any carried one. */
  readonly lastSequenceNumber: number | undefined;
  /** The response id, once `response.created` (or any snapshot) arrived. */
  readonly responseId: string | undefined;
}

/** Transport error codes that prove the request never left this machine or never reached a server. */
const notSentCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Mid-stream error codes that mean the request itself was wrong (mapped to `InvalidRequest`). */
const invalidCodes: ReadonlySet<string> = new Set([
  'invalid_prompt',
  'invalid_request_error',
  'context_length_exceeded',
  'invalid_value',
  'invalid_type',
  'unsupported_parameter',
  'model_not_found',
]);

/** Mid-stream error codes that mean rate or quota limits (mapped to `RateLimited`). */
const rateCodes: ReadonlySet<string> = new Set(['rate_limit_exceeded', 'insufficient_quota']);

const DEFAULT_TIMEOUT_MS = 600_000;
const MAX_DETAIL = 500;

/**
 * Maps an error thrown by an SDK call (before any stream event arrived) to Weft's tags.
 *
 * @param error - whatever the SDK promise rejected with
 * @param context - the operation and the ids it addressed
 * @returns exactly one `ClientError`; unknown errors become `ServerError` (not provably unsent)
 * @since 0.1.0
 * @example
 * ```ts
 * const tagged = mapSdkError(err, { operation: 'responses.retrieve', responseId: 'resp_1' });
 * if (tagged._tag === 'ResponseNotFound') console.log(tagged.responseId);
 * ```
 */
export function mapSdkError(error: unknown, context: ErrorContext): ClientError {
  const clean = (text: string): string => cleanDetail(text, context.secrets);
  if (error instanceof APIUserAbortError) {
    return new Cancelled({ turnId: undefined, reason: `${context.operation} was aborted` });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new Timeout({
      timeoutMs: context.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      operation: context.operation,
    });
  }
  if (error instanceof APIConnectionError) {
    const code = transportCode(error);
    return new ServerError({
      status: undefined,
      code,
      detail: clean(`${error.message}${code === undefined ? '' : ` (${code})`}`),
      requestId: undefined,
      notSent: code !== undefined && notSentCodes.has(code),
    });
  }
  if (error instanceof APIError) {
    if (error.status === undefined) return mapEventError(error, context);
    return mapStatusError(error, error.status, context);
  }
  // Anything else reached us after the request was sent (a body that is not JSON, a broken
  // custom fetch, …): the server may have accepted it.
  return new ServerError({
    status: undefined,
    code: undefined,
    detail: clean(`the answer could not be read: ${describe(error)}`),
    requestId: undefined,
    notSent: false,
  });
}

/**
 * Maps an error raised while a stream was being read. Mid-stream `error` events become the tag their
 * code names; transport failures and malformed frames become `StreamInterrupted` with the position.
 *
 * @param error - what the SDK's stream iterator threw
 * @param context - the operation and the ids it addressed
 * @param position - the last sequence number and the response id seen so far
 * @returns exactly one `ClientError`
 * @since 0.1.0
 * @example
 * ```ts
 * const tagged = mapStreamError(err, { operation: 'responses.stream' }, { lastSequenceNumber: 4, responseId: 'resp_1' });
 * ```
 */
export function mapStreamError(
  error: unknown,
  context: ErrorContext,
  position: StreamPosition,
): ClientError {
  if (error instanceof APIUserAbortError) return mapSdkError(error, context);
  if (error instanceof APIError && !(error instanceof APIConnectionError)) {
    return error.status === undefined
      ? mapEventError(error, context)
      : mapStatusError(error, error.status, context);
  }
  const code = error instanceof APIConnectionError ? transportCode(error) : undefined;
  const reason =
    error instanceof SyntaxError
      ? 'a malformed event arrived'
      : `the connection broke: ${describe(error)}${code === undefined ? '' : ` (${code})`}`;
  return interrupted(position, cleanDetail(reason, context.secrets));
}

/**
 * The error for a stream that ended without `response.completed`, `response.incomplete` or
 * `response.failed`.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const err = streamEndedEarly({ lastSequenceNumber: 3, responseId: 'resp_1' });
 * ```
 */
export function streamEndedEarly(position: StreamPosition): StreamInterrupted {
  return interrupted(position, 'the stream ended before its terminal event');
}

function interrupted(position: StreamPosition, detail: string): StreamInterrupted {
  return new StreamInterrupted({
    turnId: undefined,
    responseId: position.responseId,
    lastSequenceNumber: position.lastSequenceNumber,
    detail,
  });
}

function mapStatusError(error: APIError, status: number, context: ErrorContext): ClientError {
  const code = error.code ?? undefined;
  const param = error.param ?? undefined;
  const requestId = error.requestID ?? undefined;
  const detail = cleanDetail(serverMessage(error), context.secrets);
  if (code === 'previous_response_not_found') {
    return new PreviousResponseNotFound({
      responseId: context.previousResponseId ?? idFromMessage(detail) ?? '(unknown)',
    });
  }
  if (status === 429) {
    return new RateLimited({
      retryAfterMs: parseRetryAfter(error.headers, context.now?.() ?? Date.now()),
      code,
      requestId,
    });
  }
  if (status >= 500) {
    return new ServerError({ status, code, detail, requestId, notSent: false });
  }
  if (status === 401) return new Unauthorized({ detail, requestId });
  if (status === 403) return new Forbidden({ detail, requestId });
  if (
    status === 404 &&
    context.responseId !== undefined &&
    responseOperations.has(context.operation)
  ) {
    return new ResponseNotFound({ responseId: context.responseId });
  }
  return new InvalidRequest({ status, code, param, detail, requestId });
}

/** An `error` event inside a stream (v7 throws `APIError` with `status === undefined`). */
function mapEventError(error: APIError, context: ErrorContext): ClientError {
  const code = error.code ?? undefined;
  const detail = cleanDetail(serverMessage(error), context.secrets);
  const requestId = error.requestID ?? undefined;
  if (code === 'previous_response_not_found') {
    return new PreviousResponseNotFound({
      responseId: context.previousResponseId ?? idFromMessage(detail) ?? '(unknown)',
    });
  }
  if (code !== undefined && rateCodes.has(code)) {
    return new RateLimited({ retryAfterMs: undefined, code, requestId });
  }
  if ((code !== undefined && invalidCodes.has(code)) || error.type === 'invalid_request_error') {
    // A stream carries no HTTP status for its errors; 400 stands for "rejected as invalid".
    return new InvalidRequest({
      status: 400,
      code,
      param: error.param ?? undefined,
      detail,
      requestId,
    });
  }
  return new ServerError({ status: undefined, code, detail, requestId, notSent: false });
}

/** The server's own message, without the SDK's `"<status> "` prefix. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body !== undefined && typeof body.message === 'string' && body.message !== '') {
    return body.message;
  }
  return error.message;
}

/** The first transport error code (`ECONNREFUSED`, …) in the cause chain, aggregate errors included. */
function transportCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as {
      code?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return undefined;
}

function idFromMessage(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

function cleanDetail(text: string, secrets: readonly string[] | undefined): string {
  const redacted = redactSecrets(text, secrets);
  return redacted.length > MAX_DETAIL ? `${redacted.slice(0, MAX_DETAIL)}…` : redacted;
}
