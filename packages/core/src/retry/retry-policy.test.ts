import { Effect, Fiber } from 'effect';
import { TestClock } from 'effect/testing';
import { describe, expect, it } from 'vitest';
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
} from '../errors.js';
import { decideRetry, resolveRetryPolicy, withRetry, type RetryEvent } from './retry-policy.js';

const rateLimited = (retryAfterMs?: number, code?: string) =>
  new RateLimited({ retryAfterMs, code, requestId: undefined });
const server = (status: number | undefined, notSent = false) =>
  new ServerError({ status, code: undefined, detail: 'x', requestId: undefined, notSent });
const interrupted = (responseId: string | undefined) =>
  new StreamInterrupted({ turnId: undefined, responseId, lastSequenceNumber: 3, detail: 'x' });
const timeout = (operation: string) => new Timeout({ timeoutMs: 100, operation });
const zero = () => 0;

describe('decideRetry: the safety table (defaults)', () => {
  const safe: [string, unknown][] = [
    ['429 rate limit', rateLimited()],
    ['ServerError 500', server(500)],
    ['ServerError 502', server(502)],
    ['ServerError 503', server(503)],
    ['ServerError 504', server(504)],
    ['connection refused', server(undefined, true)],
    ['StreamInterrupted before response.created', interrupted(undefined)],
    ['Timeout of retrieve', timeout('responses.retrieve')],
    ['Timeout of inputItems', timeout('responses.inputItems')],
    ['Timeout of cancel', timeout('responses.cancel')],
  ];
  it.each(safe)('retries %s', (_name, error) => {
    expect(decideRetry(error, 1, {}, zero)).toMatchObject({ retry: true });
  });

  const unsafe: [string, unknown][] = [
    ['Timeout of create', timeout('responses.create')],
    ['Timeout of stream', timeout('responses.stream')],
    ['StreamInterrupted after response.created', interrupted('resp_1')],
    ['connection broke after sending', server(undefined)],
  ];
  it.each(unsafe)(
    'does not re-send %s by default, but does with retryUnsafe or idempotent',
    (_n, error) => {
      const denied = decideRetry(error, 1, {}, zero);
      expect(denied).toMatchObject({ retry: false });
      expect(denied.reason).toContain('retryUnsafe');
      expect(decideRetry(error, 1, { retryUnsafe: true }, zero)).toMatchObject({ retry: true });
      expect(decideRetry(error, 1, {}, zero, { idempotent: true })).toMatchObject({ retry: true });
    },
  );

  const never: [string, unknown][] = [
    ['insufficient_quota', rateLimited(undefined, 'insufficient_quota')],
    [
      '400',
      new InvalidRequest({
        status: 400,
        code: undefined,
        param: undefined,
        detail: 'x',
        requestId: undefined,
      }),
    ],
    ['401', new Unauthorized({ detail: 'x', requestId: undefined })],
    ['403', new Forbidden({ detail: 'x', requestId: undefined })],
    ['previous_response_not_found', new PreviousResponseNotFound({ responseId: 'r' })],
    ['404 response', new ResponseNotFound({ responseId: 'r' })],
    ['501', server(501)],
    ['Cancelled', new Cancelled({ turnId: undefined, reason: 'x' })],
    ['a plain Error', new Error('bug')],
    ['a string', 'oops'],
  ];
  it.each(never)('never retries %s, even with retryUnsafe', (_name, error) => {
    expect(decideRetry(error, 1, { retryUnsafe: true }, zero)).toMatchObject({ retry: false });
  });
});

describe('decideRetry: delays', () => {
  it('grows exponentially, capped by maxDelayMs, without jitter when random is 0', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      decideRetry(server(503), attempt, { maxAttempts: 10 }, zero),
    );
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('jitter removes up to the jitter fraction', () => {
    expect(decideRetry(server(503), 2, {}, () => 0.999999)).toMatchObject({
      retry: true,
      delayMs: 750,
    });
    expect(decideRetry(server(503), 2, { jitter: 0.5 }, () => 0.5)).toMatchObject({ delayMs: 750 });
    expect(decideRetry(server(503), 1, { jitter: 0 }, () => 0.9)).toMatchObject({ delayMs: 500 });
  });

  it('honours Retry-After exactly, and refuses to wait longer than maxDelayMs', () => {
    expect(decideRetry(rateLimited(1000), 1, {}, () => 0.7)).toMatchObject({
      retry: true,
      delayMs: 1000,
    });
    const tooLong = decideRetry(rateLimited(30_000), 1, {}, zero);
    expect(tooLong).toMatchObject({ retry: false });
    expect(tooLong.reason).toContain('maxDelayMs');
    expect(decideRetry(rateLimited(30_000), 1, { honorRetryAfter: false }, zero)).toMatchObject({
      retry: true,
      delayMs: 500,
    });
    expect(decideRetry(rateLimited(undefined), 2, {}, zero)).toMatchObject({ delayMs: 1000 });
  });

  it('stops at maxAttempts', () => {
    expect(decideRetry(server(503), 2, {}, zero)).toMatchObject({ retry: true });
    expect(decideRetry(server(503), 3, {}, zero)).toMatchObject({ retry: false });
    expect(decideRetry(server(503), 1, { maxAttempts: 1 }, zero)).toMatchObject({ retry: false });
  });

  it('fills defaults, ignoring undefined fields', () => {
    expect(resolveRetryPolicy({ maxAttempts: undefined } as never)).toEqual({
      maxAttempts: 3,
      initialDelayMs: 500,
      maxDelayMs: 8000,
      multiplier: 2,
      jitter: 0.25,
      honorRetryAfter: true,
      retryUnsafe: false,
    });
  });
});

/** An effect that fails with the given errors in turn, then succeeds; counts its runs. */
function scripted<E>(errors: readonly E[]) {
  let calls = 0;
  const effect = Effect.suspend(() => {
    const error = errors[calls];
    calls += 1;
    return error === undefined ? Effect.succeed(`ok after ${calls}`) : Effect.fail(error);
  });
  return { effect, calls: () => calls };
}

describe('withRetry', () => {
  it('retries safe failures after the decided delays on the test clock', async () => {
    const events: RetryEvent<unknown>[] = [];
    const source = scripted([server(503), rateLimited(1200)]);
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        withRetry({}, source.effect, { random: zero, onRetry: (e) => events.push(e) }),
      );
      yield* TestClock.adjust(499);
      expect(source.calls()).toBe(1);
      yield* TestClock.adjust(1);
      expect(source.calls()).toBe(2);
      yield* TestClock.adjust(1199);
      expect(source.calls()).toBe(2);
      yield* TestClock.adjust(1);
      return yield* Fiber.join(fiber);
    });
    const result = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
    expect(result).toBe('ok after 3');
    expect(events.map((e) => [e.attempt, e.delayMs])).toEqual([
      [1, 500],
      [2, 1200],
    ]);
  });

  it('gives up with the last error after maxAttempts', async () => {
    const source = scripted([server(503), server(502), server(500), server(500)]);
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        Effect.flip(withRetry({ maxAttempts: 3 }, source.effect, { random: zero })),
      );
      yield* TestClock.adjust(10_000);
      return yield* Fiber.join(fiber);
    });
    const error = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
    expect(error).toMatchObject({ _tag: 'ServerError', status: 500 });
    expect(source.calls()).toBe(3);
  });

  it('does not retry unsafe or permanent failures', async () => {
    for (const failure of [
      timeout('responses.create'),
      interrupted('resp_1'),
      rateLimited(undefined, 'insufficient_quota'),
    ]) {
      const source = scripted([failure]);
      const error = await Effect.runPromise(Effect.flip(withRetry({}, source.effect)));
      expect(error).toBe(failure);
      expect(source.calls()).toBe(1);
    }
  });

  it('uses Effect Random when no source is given', async () => {
    const source = scripted([server(503)]);
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(withRetry({ jitter: 0 }, source.effect));
      yield* TestClock.adjust(500);
      return yield* Fiber.join(fiber);
    });
    await expect(Effect.runPromise(Effect.provide(program, TestClock.layer()))).resolves.toBe(
      'ok after 2',
    );
  });
});
