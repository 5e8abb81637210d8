import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { mapSdkError, mapStreamError, streamEndedEarly } from './map-error.js';
import { parseRetryAfter } from './retry-after.js';
import { redactSecrets } from './redact.js';

const SECRET = 'sk-weft-sentinel-9f8e7d6c5b4a';

function httpError(
  status: number,
  body: { message: string; type?: string; code?: string | null; param?: string | null },
  headers: Record<string, string> = {},
): APIError {
  return APIError.generate(
    status,
    { error: { type: 'invalid_request_error', param: null, code: null, ...body } },
    undefined,
    new Headers({ 'x-request-id': 'req_1', ...headers }),
  );
}

function eventError(code: string, message = 'boom', type?: string): APIError {
  return new APIError(undefined, { code, message, type }, undefined, new Headers());
}

const create = { operation: 'responses.create' } as const;

describe('mapSdkError: HTTP status errors', () => {
  it('maps 429 to RateLimited with Retry-After seconds and code', () => {
    const err = mapSdkError(
      httpError(429, { message: 'slow down', code: 'rate_limit_exceeded' }, { 'retry-after': '2' }),
      create,
    );
    expect(err).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: 2000,
      code: 'rate_limit_exceeded',
      requestId: 'req_1',
    });
  });

  it('prefers retry-after-ms and reads HTTP dates relative to now', () => {
    expect(
      mapSdkError(
        httpError(429, { message: 'x' }, { 'retry-after-ms': '1500', 'retry-after': '9' }),
        create,
      ),
    ).toMatchObject({ retryAfterMs: 1500 });
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const date = new Date(now + 3000).toUTCString();
    expect(
      mapSdkError(httpError(429, { message: 'x' }, { 'retry-after': date }), {
        ...create,
        now: () => now,
      }),
    ).toMatchObject({ retryAfterMs: 3000 });
  });

  it('keeps insufficient_quota as the RateLimited code', () => {
    const err = mapSdkError(
      httpError(429, { message: 'quota', code: 'insufficient_quota' }),
      create,
    );
    expect(err).toMatchObject({
      _tag: 'RateLimited',
      code: 'insufficient_quota',
      retryAfterMs: undefined,
    });
  });

  it.each([500, 502, 503, 504])('maps %i to ServerError (sent)', (status) => {
    expect(
      mapSdkError(httpError(status, { message: 'down', code: 'server_error' }), create),
    ).toMatchObject({
      _tag: 'ServerError',
      status,
      code: 'server_error',
      detail: 'down',
      notSent: false,
    });
  });

  it('maps 401 and 403', () => {
    expect(mapSdkError(httpError(401, { message: 'bad key' }), create)).toMatchObject({
      _tag: 'Unauthorized',
      detail: 'bad key',
    });
    expect(mapSdkError(httpError(403, { message: 'no access' }), create)).toMatchObject({
      _tag: 'Forbidden',
    });
  });

  it('matches previous_response_not_found on code, not status', () => {
    const body = {
      message: "Previous response with id 'resp_old' not found.",
      code: 'previous_response_not_found',
      param: 'previous_response_id',
    };
    expect(mapSdkError(httpError(400, body), create)).toMatchObject({
      _tag: 'PreviousResponseNotFound',
      responseId: 'resp_old',
    });
    expect(
      mapSdkError(httpError(404, body), { ...create, previousResponseId: 'resp_given' }),
    ).toMatchObject({ _tag: 'PreviousResponseNotFound', responseId: 'resp_given' });
  });

  it('maps 404 on retrieve, cancel and delete to ResponseNotFound', () => {
    for (const operation of [
      'responses.retrieve',
      'responses.cancel',
      'responses.delete',
    ] as const) {
      expect(
        mapSdkError(httpError(404, { message: 'nope' }), { operation, responseId: 'resp_x' }),
      ).toMatchObject({ _tag: 'ResponseNotFound', responseId: 'resp_x' });
    }
  });

  it('maps other 4xx (including 404 on create) to InvalidRequest', () => {
    expect(
      mapSdkError(
        httpError(400, { message: 'Unsupported parameter', code: null, param: 'temperature' }),
        create,
      ),
    ).toMatchObject({
      _tag: 'InvalidRequest',
      status: 400,
      code: undefined,
      param: 'temperature',
      detail: 'Unsupported parameter',
      requestId: 'req_1',
    });
    expect(
      mapSdkError(httpError(404, { message: 'no model', code: 'model_not_found' }), create),
    ).toMatchObject({ _tag: 'InvalidRequest', status: 404, code: 'model_not_found' });
    expect(mapSdkError(httpError(422, { message: 'x' }), create)).toMatchObject({
      _tag: 'InvalidRequest',
      status: 422,
    });
  });
});

describe('mapSdkError: transport errors', () => {
  it('marks ECONNREFUSED (even nested in an AggregateError) as notSent', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const fetchFailed = new TypeError('fetch failed', { cause: new AggregateError([refused]) });
    const err = mapSdkError(new APIConnectionError({ cause: fetchFailed }), create);
    expect(err).toMatchObject({
      _tag: 'ServerError',
      status: undefined,
      code: 'ECONNREFUSED',
      notSent: true,
    });
  });

  it('does not mark a reset connection as notSent', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = mapSdkError(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: reset }) }),
      create,
    );
    expect(err).toMatchObject({ _tag: 'ServerError', code: 'ECONNRESET', notSent: false });
    expect(mapSdkError(new APIConnectionError({}), create)).toMatchObject({ notSent: false });
  });

  it('maps timeouts, aborts and unknown errors', () => {
    expect(
      mapSdkError(new APIConnectionTimeoutError(), { ...create, timeoutMs: 1234 }),
    ).toMatchObject({ _tag: 'Timeout', timeoutMs: 1234, operation: 'responses.create' });
    expect(mapSdkError(new APIUserAbortError(), create)).toMatchObject({ _tag: 'Cancelled' });
    expect(mapSdkError(new SyntaxError('Unexpected end of JSON input'), create)).toMatchObject({
      _tag: 'ServerError',
      status: undefined,
      notSent: false,
    });
  });
});

describe('mapStreamError', () => {
  const ctx = { operation: 'responses.stream' } as const;
  const position = { lastSequenceNumber: 7, responseId: 'resp_s' };

  it('maps mid-stream error events by code', () => {
    expect(mapStreamError(eventError('rate_limit_exceeded'), ctx, position)).toMatchObject({
      _tag: 'RateLimited',
      code: 'rate_limit_exceeded',
    });
    expect(mapStreamError(eventError('insufficient_quota'), ctx, position)).toMatchObject({
      _tag: 'RateLimited',
      code: 'insufficient_quota',
    });
    expect(mapStreamError(eventError('server_error', 'oops'), ctx, position)).toMatchObject({
      _tag: 'ServerError',
      status: undefined,
      code: 'server_error',
      detail: 'oops',
      notSent: false,
    });
    expect(mapStreamError(eventError('invalid_prompt'), ctx, position)).toMatchObject({
      _tag: 'InvalidRequest',
      code: 'invalid_prompt',
    });
    expect(
      mapStreamError(eventError('whatever', 'x', 'invalid_request_error'), ctx, position),
    ).toMatchObject({ _tag: 'InvalidRequest' });
    expect(mapStreamError(eventError('brand_new_code'), ctx, position)).toMatchObject({
      _tag: 'ServerError',
      code: 'brand_new_code',
    });
  });

  it('maps broken bodies and malformed frames to StreamInterrupted with the position', () => {
    expect(mapStreamError(new TypeError('terminated'), ctx, position)).toMatchObject({
      _tag: 'StreamInterrupted',
      lastSequenceNumber: 7,
      responseId: 'resp_s',
    });
    const malformed = mapStreamError(
      new SyntaxError('Error reading response: malformed server-sent event JSON.'),
      ctx,
      position,
    );
    expect(malformed).toMatchObject({
      _tag: 'StreamInterrupted',
      detail: 'a malformed event arrived',
    });
    expect(
      streamEndedEarly({ lastSequenceNumber: undefined, responseId: undefined }),
    ).toMatchObject({
      _tag: 'StreamInterrupted',
      lastSequenceNumber: undefined,
      responseId: undefined,
    });
  });
});

describe('secrets never leak', () => {
  const leaky = [
    httpError(401, { message: `Incorrect API key provided: ${SECRET}` }),
    httpError(400, { message: `Authorization: Bearer ${SECRET} is not valid` }),
    httpError(500, { message: `upstream said ${SECRET}` }),
    eventError('server_error', `key ${SECRET}`),
    new APIConnectionError({ message: `connect to https://x?key=${SECRET} failed` }),
    new Error(`weird ${SECRET}`),
  ];
  it.each(leaky.map((e, i) => [i, e] as const))('case %i', (_i, sdkError) => {
    for (const err of [
      mapSdkError(sdkError, { ...create, secrets: [SECRET] }),
      mapStreamError(
        sdkError,
        { operation: 'responses.stream', secrets: [SECRET] },
        {
          lastSequenceNumber: 1,
          responseId: 'resp_1',
        },
      ),
    ]) {
      for (const text of [String(err), JSON.stringify(err), err.message, err.stack ?? '']) {
        expect(text).not.toContain(SECRET);
      }
    }
  });

  it('redacts key-shaped strings even when the key is not known', () => {
    expect(redactSecrets(`Bearer abc.def and ${SECRET}`, undefined)).toBe(
      '[redacted] and [redacted]',
    );
    expect(redactSecrets('bedrock-api-key-QUJD+/= rest', [])).toBe('[redacted] rest');
  });
});

describe('parseRetryAfter', () => {
  it('reads headers objects and records, and rejects garbage', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), 0)).toBe(500);
    expect(parseRetryAfter({ 'Retry-After': '3' }, 0)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, 0)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '1' }, 0)).toBe(1000);
    expect(parseRetryAfter(new Headers(), 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': new Date(0).toUTCString() }, 5000)).toBe(0);
  });
});
