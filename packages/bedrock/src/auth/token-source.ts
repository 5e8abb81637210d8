/**
 * Where a Bedrock client's bearer token comes from. The openai SDK's Bedrock provider asks the
 * source before every request attempt; the source keeps the secrets it handed out so they can be
 * removed from error texts.
 *
 * @module
 */
import type { AuthKind } from '../client-errors.js';
import { redact } from '../internal/redact.js';

/** A bearer token source. */
export interface TokenSource {
  readonly kind: AuthKind;
  /** A token valid for at least the refresh margin. */
  token(): Promise<string>;
  /** Every key or token this source has handed out, and the credentials behind them. */
  secrets(): readonly string[];
  /** Why the last `token()` failed (free of secrets), if it did. */
  lastFailure(): string | undefined;
}

/**
 * A fixed Bedrock API key (long-term, or a short-term key made elsewhere).
 *
 * @since 0.1.0
 */
export function apiKeySource(key: string): TokenSource {
  return {
    kind: 'api-key',
    token: () => Promise.resolve(key),
    secrets: () => [key],
    lastFailure: () => undefined,
  };
}

/**
 * A caller's token callback, asked before every request. Tokens it returned are remembered (the
 * last eight) so they never appear in errors.
 *
 * @since 0.1.0
 */
export function callbackSource(provider: () => Promise<string>): TokenSource {
  const seen: string[] = [];
  let failure: string | undefined;
  return {
    kind: 'token-provider',
    token: async () => {
      try {
        const token = await provider();
        failure = undefined;
        if (!seen.includes(token)) seen.push(token);
        if (seen.length > 8) seen.shift();
        return token;
      } catch (error) {
        failure = redact(describe(error), seen);
        throw error;
      }
    },
    secrets: () => [...seen],
    lastFailure: () => failure,
  };
}

/** A short description of a thrown value. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
