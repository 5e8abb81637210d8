/**
 * A mid-stream `error` event. The `openai` SDK throws when it reads one, so the port reports it as
 * a tagged error; after `response.created` it means the response failed.
 *
 * @module
 */
import type { CoreError, OutputItem, ResponseObject } from '@weft/core';

/** Errors a stream raises for an `error` event (not for a broken connection, a timeout or a cancel). */
type ErrorEventFailure = Extract<
  CoreError,
  { readonly _tag: 'ServerError' | 'RateLimited' | 'InvalidRequest' }
>;

/**
 * True when `error` came from an `error` event inside an open stream: `RateLimited` or
 * `InvalidRequest` (no HTTP status exists mid-stream), or `ServerError` without a status.
 */
export function isErrorEventFailure(error: CoreError): error is ErrorEventFailure {
  switch (error._tag) {
    case 'RateLimited':
    case 'InvalidRequest':
      return true;
    case 'ServerError':
      return error.status === undefined;
    default:
      return false;
  }
}

/** The failed Response an `error` event stands for, built from the last snapshot and the output so far. */
export function failedFromErrorEvent(
  snapshot: ResponseObject | undefined,
  responseId: string,
  output: readonly OutputItem[],
  error: ErrorEventFailure,
): ResponseObject {
  const code = error.code ?? 'server_error';
  const message = error._tag === 'RateLimited' ? error.message : error.detail;
  const base =
    snapshot ?? ({ id: responseId, object: 'response', output: [] } as unknown as ResponseObject);
  return {
    ...base,
    id: responseId,
    status: 'failed',
    output: [...output],
    error: { code, message } as ResponseObject['error'],
    usage: base.usage ?? undefined,
  } as ResponseObject;
}
