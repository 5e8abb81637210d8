/**
 * A fixed-capacity token bucket per key (a visitor, an address): `limit` requests, refilled
 * evenly over `windowMs`. Memory is bounded: the least recently seen keys are dropped first.
 */

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed in a burst, and per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** Keys remembered at most (default 10,000). */
  readonly maxKeys?: number | undefined;
  /** The clock, ms; injectable for tests. */
  readonly now?: (() => number) | undefined;
}

/** The answer of {@link RateLimiter.take}. */
export type RateDecision =
  { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/** Takes one token for a key. */
export interface RateLimiter {
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Creates a {@link RateLimiter}. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = options.limit / options.windowMs;
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.limit, at: t };
      buckets.delete(key); // re-inserted last: the map's order is least recently seen first
      bucket.tokens = Math.min(options.limit, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next();
        if (oldest.done !== true) buckets.delete(oldest.value);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
}
