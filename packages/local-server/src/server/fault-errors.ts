import { ApiError } from '../internal/api-error.js';
import type { FaultSpec } from '../model/types.js';

const MESSAGES: Readonly<Record<number, readonly [string, string, string | null]>> = {
  429: ['Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'],
  500: ['The server had an error while processing your request. Sorry about that!', 'server_error', 'server_error'],
  502: ['Bad gateway.', 'server_error', null],
  503: ['The engine is currently overloaded, please try again later.', 'server_error', null],
};

/** The HTTP error a status or wrong-route fault answers with, or undefined when neither is set. */
export function faultError(fault: FaultSpec | undefined, model: string): ApiError | undefined {
  if (fault === undefined) return undefined;
  const headers: Record<string, string> =
    fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  if (fault.status !== undefined) {
    const status = fault.status;
    const known = MESSAGES[status];
    const [message, type, code] = known ?? [
      `Injected fault: HTTP ${status}.`,
      status >= 500 ? 'server_error' : 'invalid_request_error',
      null,
    ];
    return new ApiError(status, message, type, null, code, headers);
  }
  if (fault.unsupportedRoute === true) {
    return new ApiError(400, `model \`${model}\` isn't supported on this route`, 'invalid_request_error', 'model', null, headers);
  }
  return undefined;
}
