/**
 * When and how long to wait before calling the Responses API again after a failure.
 *
 * **The safety rule.** Weft never blindly re-sends a request the server may already have
 * accepted. A model call costs money and can have effects (tool calls, stored responses,
 * conversation items); sending it twice can bill twice and fork the history. So a failure is
 * retried by default only when the request provably did not take effect:
 *
 * | failure | retried? | why |
 * | --- | --- | --- |
 * | `RateLimited` | yes, except code `insufficient_quota` (never) | a 429 is a refusal: nothing was accepted. No quota left is not transient. |
 * | `ServerError` with `notSent` | yes | the connection was refused or the host not found: the request never arrived. |
 * | `ServerError` with status 500, 502, 503, 504 | yes | the server answered with an error instead of a Response, so no response id was observed and there is nothing to resume; this is the error class OpenAI documents as transient. |
 * | `ServerError` with another 5xx (501, 505, …) | never | not transient. |
 * | `ServerError` without status (connection reset after sending, error event mid-stream, unreadable body) | only with `retryUnsafe` | the server may have accepted and run the request. |
 * | `Timeout` of create/stream/conversation create | only with `retryUnsafe` | the request was sent; the server may still be running it. |
 * | `Timeout` of retrieve, retrieveStream, inputItems, cancel, delete | yes | reading or cancelling twice is harmless. |
 * | `StreamInterrupted` before `response.created` (no response id) | yes | no response was announced; a dropped synchronous stream is cancelled by the server. |
 * | `StreamInterrupted` after `response.created` (response id known) | only with `retryUnsafe` | the response exists: resume it (`retrieveStream` from the last sequence number) or `retrieve` it instead of re-sending. |
 * | `Cancelled` | never | the caller asked to stop. |
 * | `Unauthorized`, `Forbidden`, `InvalidRequest`, `PreviousResponseNotFound`, `ResponseNotFound` (4xx) | never | the same request fails the same way. |
 * | anything that is not a Weft client error | never | bugs are not retried. |
 *
 * `retryUnsafe: true` opts into re-sending the "only with `retryUnsafe`" rows; callers that know the
 * operation is idempotent pass `{ idempotent: true }` to the same effect.
 *
 * **Delay.** A `Retry-After` (or `retry-after-ms`) the server sent is used as is when
 * `honorRetryAfter` is on. It is not capped: waiting less than the server asked only earns another
 * 429 and burns an attempt. When it is longer than `maxDelayMs` the call is not retried at all and
 * the `RateLimited` error (with its `retryAfterMs`) goes to the caller, who can schedule the turn
 * later instead of holding a fiber. Otherwise the delay is exponential,
 * `min(maxDelayMs, initialDelayMs · multiplier^(attempt-1))`, reduced by up to `jitter` (a fraction)
 * so that many clients do not retry in lockstep.
 *
 * @module
 */
import { Effect, Random } from 'effect';
import { isCoreError } from '../errors.js';

/**
 * How failed calls are retried. Every field has a default ({@link defaultRetryPolicy}); pass a
 * `Partial<RetryPolicy>` wherever a policy is taken.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const patient: Partial<RetryPolicy> = { maxAttempts: 6, maxDelayMs: 30_000 };
 * ```
 */
export interface RetryPolicy {
  /** Total attempts including the first (default 3). 1 disables retries. */
  readonly maxAttempts: number;
  /** Delay before the first retry, ms (default 500). */
  readonly initialDelayMs: number;
  /** Upper bound of the exponential delay, and of an honoured `Retry-After`, ms (default 8000). */
  readonly maxDelayMs: number;
  /** Growth factor of the delay per attempt (default 2). */
  readonly multiplier: number;
  /** The delay is reduced by a random fraction up to this (default 0.25). */
  readonly jitter: number;
  /** Wait what the server's `Retry-After` says instead of the exponential delay (default true). */
  readonly honorRetryAfter: boolean;
  /** Also re-send requests the server may already have accepted (default false; see the module doc). */
  readonly retryUnsafe: boolean;
}

/**
 * The defaults: 3 attempts, 500 ms doubling to at most 8 s, 25 % jitter, Retry-After honoured,
 * safe retries only.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const policy = { ...defaultRetryPolicy, retryUnsafe: true };
 * ```
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  multiplier: 2,
  jitter: 0.25,
  honorRetryAfter: true,
  retryUnsafe: false,
};

/** The outcome of {@link decideRetry}. */
export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string };

/** Extra knowledge about the call being retried. */
export interface RetryContext {
  /** The call can be repeated without effect (a read, a cancel): unsafe failures are retried too. */
  readonly idempotent?: boolean | undefined;
}

/** Reported before each retry's wait. */
export interface RetryEvent<E> {
  readonly error: E;
  /** The attempt that failed (1 = the first call). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** Options of {@link withRetry}. */
export interface WithRetryOptions<E> extends RetryContext {
  /** Called before waiting for each retry (for logs, metrics, the machine's `retrying` state). */
  readonly onRetry?: ((event: RetryEvent<E>) => void) | undefined;
  /** A source of numbers in [0, 1) for jitter. Defaults to Effect's `Random` service. */
  readonly random?: (() => number) | undefined;
}

/**
 * Fills in the defaults of a partial policy.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * resolveRetryPolicy({ maxAttempts: 5 }).initialDelayMs; // 500
 * ```
 */
export function resolveRetryPolicy(policy: Partial<RetryPolicy> | undefined): RetryPolicy {
  return { ...defaultRetryPolicy, ...definedOnly(policy ?? {}) };
}

type Safety =
  | { readonly kind: 'never'; readonly reason: string }
  | { readonly kind: 'safe'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'unsafe'; readonly reason: string };

const safeStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const idempotentOperations: ReadonlySet<string> = new Set([
  'responses.retrieve',
  'responses.retrieveStream',
  'responses.inputItems',
  'responses.cancel',
  'responses.delete',
]);

/**
 * Decides whether a failed call is tried again, and after how long. Pure: the same inputs give the
 * same answer, so the rule is table-testable. See the module doc for the safety rule.
 *
 * @param error - what the attempt failed with (usually a `ClientError`)
 * @param attempt - how many attempts have been made so far (1 after the first failure)
 * @param policy - a partial policy; defaults fill the rest
 * @param random - a source of numbers in [0, 1) for jitter
 * @param context - `{ idempotent: true }` when re-sending cannot have effects
 * @since 0.1.0
 * @example
 * ```ts
 * const d = decideRetry(new RateLimited({ retryAfterMs: 1000, code: undefined, requestId: undefined }), 1, {}, Math.random);
 * // { retry: true, delayMs: 1000, reason: 'rate-limited; waiting the 1000 ms the server asked for' }
 * ```
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: Partial<RetryPolicy> | undefined,
  random: () => number,
  context: RetryContext = {},
): RetryDecision {
  const p = resolveRetryPolicy(policy);
  const safety = classify(error);
  if (safety.kind === 'never') return { retry: false, reason: safety.reason };
  if (safety.kind === 'unsafe' && !p.retryUnsafe && context.idempotent !== true) {
    return { retry: false, reason: `${safety.reason}; not re-sent (set retryUnsafe to re-send)` };
  }
  if (attempt >= p.maxAttempts) {
    return {
      retry: false,
      reason: `${safety.reason}; gave up after ${attempt} of ${p.maxAttempts} attempts`,
    };
  }
  if (safety.kind === 'safe' && safety.retryAfterMs !== undefined && p.honorRetryAfter) {
    if (safety.retryAfterMs > p.maxDelayMs) {
      return {
        retry: false,
        reason: `${safety.reason}; the server asked to wait ${safety.retryAfterMs} ms, more than maxDelayMs (${p.maxDelayMs})`,
      };
    }
    return {
      retry: true,
      delayMs: safety.retryAfterMs,
      reason: `${safety.reason}; waiting the ${safety.retryAfterMs} ms the server asked for`,
    };
  }
  const base = Math.min(p.maxDelayMs, p.initialDelayMs * p.multiplier ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, p.jitter));
  const delayMs = Math.max(0, Math.round(base * (1 - jitter * clamp01(random()))));
  return { retry: true, delayMs, reason: `${safety.reason}; retrying in ${delayMs} ms` };
}

/**
 * Runs `effect`, retrying its failures as {@link decideRetry} allows. Waits with Effect's clock
 * (`Effect.sleep`), so tests move time with `TestClock.adjust`. Interrupting the returned Effect
 * interrupts the running attempt or the wait. Fails with the last error when it gives up.
 *
 * @throws the effect's own error type, unchanged, once retries are exhausted or not allowed
 * @since 0.1.0
 * @example
 * ```ts
 * const response = yield* withRetry({ maxAttempts: 4 }, client.create(params), {
 *   onRetry: ({ attempt, delayMs }) => console.log(`attempt ${attempt} failed; waiting ${delayMs} ms`),
 * });
 * ```
 */
export function withRetry<A, E, R>(
  policy: Partial<RetryPolicy> | undefined,
  effect: Effect.Effect<A, E, R>,
  options: WithRetryOptions<E> = {},
): Effect.Effect<A, E, R> {
  const resolved = resolveRetryPolicy(policy);
  const loop = (attempt: number): Effect.Effect<A, E, R> =>
    Effect.catch(effect, (error: E) =>
      Effect.gen(function* () {
        const draw = options.random ?? (yield* randomSource);
        const decision = decideRetry(error, attempt, resolved, draw, options);
        if (!decision.retry) return yield* Effect.fail(error);
        options.onRetry?.({ error, attempt, delayMs: decision.delayMs, reason: decision.reason });
        yield* Effect.sleep(decision.delayMs);
        return yield* loop(attempt + 1);
      }),
    );
  return loop(1);
}

/** One draw from Effect's `Random` service, offered as a source. */
const randomSource: Effect.Effect<() => number> = Effect.map(Random.next, (n) => () => n);

function classify(error: unknown): Safety {
  if (!isCoreError(error)) return { kind: 'never', reason: 'not a transport error' };
  switch (error._tag) {
    case 'RateLimited':
      return error.code === 'insufficient_quota'
        ? { kind: 'never', reason: 'no quota left (insufficient_quota)' }
        : { kind: 'safe', reason: 'rate-limited', retryAfterMs: error.retryAfterMs };
    case 'ServerError':
      if (error.notSent) return { kind: 'safe', reason: 'the request never reached the server' };
      if (error.status === undefined) {
        return {
          kind: 'unsafe',
          reason: 'the connection or stream failed after the request was sent',
        };
      }
      return safeStatuses.has(error.status)
        ? { kind: 'safe', reason: `the server answered ${error.status}` }
        : { kind: 'never', reason: `the server answered ${error.status}, which is not transient` };
    case 'Timeout':
      return idempotentOperations.has(error.operation)
        ? { kind: 'safe', reason: `${error.operation} timed out (idempotent)` }
        : { kind: 'unsafe', reason: `${error.operation} timed out after the request was sent` };
    case 'StreamInterrupted':
      return error.responseId === undefined
        ? { kind: 'safe', reason: 'the stream broke before a response was created' }
        : {
            kind: 'unsafe',
            reason: `the stream of response ${error.responseId} broke; resume or retrieve it instead`,
          };
    case 'Cancelled':
      return { kind: 'never', reason: 'the call was cancelled' };
    default:
      return { kind: 'never', reason: `${error._tag} is not transient` };
  }
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

function definedOnly(policy: Partial<RetryPolicy>): Partial<RetryPolicy> {
  return Object.fromEntries(
    Object.entries(policy).filter(([, value]) => value !== undefined),
  ) as Partial<RetryPolicy>;
}
