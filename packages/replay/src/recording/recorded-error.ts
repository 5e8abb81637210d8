/**
 * Recorded call failures (`{ tag, message }` on a turn) turned back into the client errors the
 * application met, so its retry and fallback paths replay too.
 *
 * @module
 */
import {
  Cancelled,
  Forbidden,
  InvalidRequest,
  PreviousResponseNotFound,
  RateLimited,
  ResponseNotFound,
  ServerError,
  StreamInterrupted,
  Timeout,
  Unauthorized,
  isClientErrorTag,
  type ClientError,
  type Turn,
} from '@weft/core';

const responseIdIn = (message: string): string =>
  /\b(resp_[A-Za-z0-9_-]+)/.exec(message)?.[1] ?? 'unknown';

/**
 * The client error a failed turn recorded, rebuilt as its class (data not kept on the turn, such
 * as `retryAfterMs` or the request id, is left undefined), or `undefined` when the turn did not
 * fail in the client.
 *
 * @since 0.1.0
 */
export function recordedClientError(turn: Turn): ClientError | undefined {
  const error = turn.error;
  if (error === null || !isClientErrorTag(error.tag)) return undefined;
  const detail = error.message;
  switch (error.tag) {
    case 'RateLimited':
      return new RateLimited({ retryAfterMs: undefined, code: undefined, requestId: undefined });
    case 'ServerError':
      return new ServerError({
        status: undefined,
        code: undefined,
        detail,
        requestId: undefined,
        notSent: false,
      });
    case 'Timeout':
      return new Timeout({
        timeoutMs: Number(/within (\d+) ms/.exec(detail)?.[1] ?? 0),
        operation: 'responses.create',
      });
    case 'Unauthorized':
      return new Unauthorized({ detail, requestId: undefined });
    case 'Forbidden':
      return new Forbidden({ detail, requestId: undefined });
    case 'InvalidRequest':
      return new InvalidRequest({
        status: 400,
        code: undefined,
        param: undefined,
        detail,
        requestId: undefined,
      });
    case 'PreviousResponseNotFound':
      return new PreviousResponseNotFound({ responseId: responseIdIn(detail) });
    case 'ResponseNotFound':
      return new ResponseNotFound({ responseId: responseIdIn(detail) });
    case 'StreamInterrupted':
      return new StreamInterrupted({
        turnId: turn.id,
        responseId: turn.responseId ?? undefined,
        lastSequenceNumber: undefined,
        detail,
      });
    default:
      return new Cancelled({ turnId: turn.id, reason: detail });
  }
}
