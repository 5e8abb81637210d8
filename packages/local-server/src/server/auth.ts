import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../internal/api-error.js';

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Check an `Authorization` header against the configured key; throws 401 in the protocol's shape. */
export function checkBearer(header: string | undefined, apiKey: string): void {
  if (header === undefined || !/^Bearer\s+/i.test(header)) {
    throw new ApiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'invalid_request_error',
      null,
      null,
    );
  }
  if (!sameKey(header.replace(/^Bearer\s+/i, ''), apiKey)) {
    throw new ApiError(401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
  }
}
