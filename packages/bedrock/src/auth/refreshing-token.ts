/**
 * Short-term Bedrock tokens made from AWS credentials with `@aws/bedrock-token-generator`, cached
 * and refreshed before they expire. One refresh runs at a time: concurrent requests wait for it.
 *
 * @module
 */
import { getToken } from '@aws/bedrock-token-generator';
import type { ClockShape } from '@weft/core';
import { redact } from '../internal/redact.js';
import {
  toCredentialsProvider,
  type AwsCredentials,
  type CredentialSource,
} from './credentials.js';
import { describe, type TokenSource } from './token-source.js';

/** Longest lifetime Bedrock accepts for a short-term token: 12 hours. */
export const MAX_TOKEN_LIFETIME_SECONDS = 43_200;
/** Default margin: a token with less than 5 minutes left is replaced before use. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** Makes one token: `@aws/bedrock-token-generator`'s `getToken` by default. */
export type MintToken = (input: {
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly expiresInSeconds: number;
}) => Promise<string>;

/** Options of {@link createRefreshingTokenSource}. */
export interface RefreshingTokenOptions {
  /** AWS credentials or a provider of them (asked again at every refresh). */
  readonly credentials: CredentialSource;
  /** Tokens work only in the region they were made for. */
  readonly region: string;
  /** Requested lifetime, 1–43200 s (default 43200). The real one is also capped by the credentials' expiry. */
  readonly lifetimeSeconds?: number | undefined;
  /** Replace a token when less than this is left (default 5 minutes). */
  readonly refreshMarginMs?: number | undefined;
  /** Time source (epoch ms); default the wall clock. */
  readonly clock?: ClockShape | undefined;
  /** How a token is made; default `getToken` from `@aws/bedrock-token-generator`. */
  readonly mint?: MintToken | undefined;
}

/** A cached token and when it stops working. */
interface Cached {
  readonly token: string;
  readonly expiresAtMs: number;
}

/** A token source that also reports when its current token expires. */
export interface RefreshingTokenSource extends TokenSource {
  /** Epoch ms at which the cached token expires, if one is cached. */
  expiresAt(): number | undefined;
}

const defaultMint: MintToken = ({ credentials, region, expiresInSeconds }) =>
  getToken({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
      ...(credentials.expiration === undefined ? {} : { expiration: credentials.expiration }),
    },
    region,
    expiresInSeconds,
  });

/**
 * A {@link TokenSource} that turns AWS credentials into short-term Bedrock tokens.
 *
 * **Details**
 * - A token is reused while more than `refreshMarginMs` of it is left; otherwise a new one is made
 *   before the request goes out, so no request leaves with a token that is expired or about to be.
 * - Lifetime = min(`lifetimeSeconds`, time left on the credentials). Credentials already expired
 *   fail the token request (the provider is asked again next time).
 * - Single flight: while a refresh runs, every caller waits for it; a failed refresh is not cached.
 *
 * @throws Error — from `token()` when credentials cannot be obtained or have expired
 * @since 0.1.0
 * @example
 * ```ts
 * const source = createRefreshingTokenSource({ credentials: fromNodeProviderChain(), region: 'us-east-1' });
 * const token = await source.token(); // 'bedrock-api-key-…'
 * ```
 */
export function createRefreshingTokenSource(
  options: RefreshingTokenOptions,
): RefreshingTokenSource {
  const lifetimeSeconds = options.lifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
  if (
    !Number.isInteger(lifetimeSeconds) ||
    lifetimeSeconds < 1 ||
    lifetimeSeconds > MAX_TOKEN_LIFETIME_SECONDS
  ) {
    throw new RangeError(
      `lifetimeSeconds must be an integer in 1..${MAX_TOKEN_LIFETIME_SECONDS}, got ${lifetimeSeconds}`,
    );
  }
  const marginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const now = (): number => (options.clock ?? { now: Date.now }).now();
  const provide = toCredentialsProvider(options.credentials);
  const mint = options.mint ?? defaultMint;
  const secrets: string[] = [];
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;
  let failure: string | undefined;

  const remember = (...values: (string | undefined)[]): void => {
    for (const value of values) {
      if (value !== undefined && value !== '' && !secrets.includes(value)) secrets.push(value);
    }
    while (secrets.length > 16) secrets.shift();
  };

  const refresh = async (): Promise<Cached> => {
    const credentials = await provide();
    remember(credentials.secretAccessKey, credentials.sessionToken);
    const startedAt = now();
    const credentialsLeftMs =
      credentials.expiration === undefined
        ? Number.POSITIVE_INFINITY
        : credentials.expiration.getTime() - startedAt;
    if (credentialsLeftMs < 1000) {
      throw new Error(
        'the AWS credentials have expired; refresh them (aws sso login, new session)',
      );
    }
    const expiresInSeconds = Math.min(lifetimeSeconds, Math.floor(credentialsLeftMs / 1000));
    const token = await mint({ credentials, region: options.region, expiresInSeconds });
    remember(token);
    return { token, expiresAtMs: startedAt + expiresInSeconds * 1000 };
  };

  const fresh = (entry: Cached | undefined): entry is Cached =>
    entry !== undefined && now() < entry.expiresAtMs - marginMs;

  return {
    kind: 'aws-credentials',
    async token() {
      if (fresh(cached)) return cached.token;
      if (pending === undefined) {
        pending = refresh().then(
          (entry) => {
            cached = entry;
            failure = undefined;
            pending = undefined;
            return entry;
          },
          (error: unknown) => {
            failure = redact(describe(error), secrets);
            pending = undefined;
            throw error;
          },
        );
      }
      const entry = await pending;
      // A token shorter-lived than the margin (credentials about to expire) is still valid now.
      if (now() >= entry.expiresAtMs)
        throw new Error('the new Bedrock token expired before use; check the clock');
      return entry.token;
    },
    secrets: () => [...secrets],
    lastFailure: () => failure,
    expiresAt: () => cached?.expiresAtMs,
  };
}
