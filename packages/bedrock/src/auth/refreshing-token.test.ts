import { fixedClock } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalBedrock, type LocalBedrock } from '../internal/local-bedrock.test-support.js';
import type { AwsCredentials } from './credentials.js';
import { createRefreshingTokenSource, type MintToken } from './refreshing-token.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 5, 1);

/** A fake token maker: `tok-<n>`, remembering each token's expiry by the injected clock. */
function fakeMint(clock: { now(): number }) {
  const expiries = new Map<string, number>();
  const requested: number[] = [];
  let n = 0;
  const mint: MintToken = async ({ expiresInSeconds }) => {
    await Promise.resolve();
    const token = `tok-${++n}`;
    requested.push(expiresInSeconds);
    expiries.set(token, clock.now() + expiresInSeconds * 1000);
    return token;
  };
  return { mint, expiries, requested, count: () => n };
}

/** A fake credential source; each call returns credentials valid for `validForMs` from now. */
function fakeCredentials(clock: { now(): number }, validForMs: number | undefined) {
  let calls = 0;
  const provider = (): Promise<AwsCredentials> => {
    calls += 1;
    return Promise.resolve({
      accessKeyId: `AKID${calls}`,
      secretAccessKey: `secret-${calls}`,
      ...(validForMs === undefined ? {} : { expiration: new Date(clock.now() + validForMs) }),
    });
  };
  return { provider, calls: () => calls };
}

describe('createRefreshingTokenSource', () => {
  it('reuses a token until less than the margin is left, then makes a new one first', async () => {
    const clock = fixedClock(T0);
    const mint = fakeMint(clock);
    const source = createRefreshingTokenSource({
      credentials: fakeCredentials(clock, undefined).provider,
      region: 'us-east-1',
      lifetimeSeconds: 3600,
      refreshMarginMs: 5 * MINUTE,
      clock,
      mint: mint.mint,
    });
    expect(await source.token()).toBe('tok-1');
    clock.advance(54 * MINUTE); // 6 minutes left: reused
    expect(await source.token()).toBe('tok-1');
    clock.advance(2 * MINUTE); // 4 minutes left: replaced before use
    expect(await source.token()).toBe('tok-2');
    expect(source.expiresAt()).toBe(T0 + 56 * MINUTE + 60 * MINUTE);
    expect(mint.requested).toEqual([3600, 3600]);
  });

  it('caps the lifetime at the credentials’ expiry and asks for new credentials at refresh', async () => {
    const clock = fixedClock(T0);
    const mint = fakeMint(clock);
    const credentials = fakeCredentials(clock, 20 * MINUTE);
    const source = createRefreshingTokenSource({
      credentials: credentials.provider,
      region: 'us-east-1',
      clock,
      mint: mint.mint,
    });
    await source.token();
    expect(mint.requested).toEqual([1200]); // min(43200, 20 min)
    clock.advance(16 * MINUTE);
    expect(await source.token()).toBe('tok-2');
    expect(credentials.calls()).toBe(2);
  });

  it('concurrent callers share one refresh', async () => {
    const clock = fixedClock(T0);
    const mint = fakeMint(clock);
    const credentials = fakeCredentials(clock, undefined);
    const source = createRefreshingTokenSource({
      credentials: credentials.provider,
      region: 'us-east-1',
      clock,
      mint: mint.mint,
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.token()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(mint.count()).toBe(1);
    expect(credentials.calls()).toBe(1);
  });

  it('a failed refresh is not cached and leaves no secret in its reason', async () => {
    const clock = fixedClock(T0);
    let fail = true;
    const source = createRefreshingTokenSource({
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'very-secret-value' },
      region: 'us-east-1',
      clock,
      mint: ({ credentials }) =>
        fail
          ? Promise.reject(new Error(`signing failed for ${credentials.secretAccessKey}`))
          : Promise.resolve('tok-ok'),
    });
    await expect(source.token()).rejects.toThrow();
    expect(source.lastFailure()).toBe('signing failed for [redacted]');
    fail = false;
    expect(await source.token()).toBe('tok-ok');
    expect(source.lastFailure()).toBeUndefined();
  });

  it('refuses expired credentials and bad lifetimes', async () => {
    const clock = fixedClock(T0);
    const source = createRefreshingTokenSource({
      credentials: { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(T0 - 1) },
      region: 'us-east-1',
      clock,
      mint: () => Promise.resolve('never'),
    });
    await expect(source.token()).rejects.toThrow(/credentials have expired/);
    expect(() =>
      createRefreshingTokenSource({
        credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
        region: 'us-east-1',
        lifetimeSeconds: 43_201,
      }),
    ).toThrow(RangeError);
  });

  it('the default maker is @aws/bedrock-token-generator: a bedrock-api-key- token whose lifetime is min(requested, credentials)', async () => {
    const source = createRefreshingTokenSource({
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
        expiration: new Date(Date.now() + 30 * MINUTE),
      },
      region: 'eu-west-1',
      lifetimeSeconds: 7200,
    });
    const token = await source.token();
    expect(token.startsWith('bedrock-api-key-')).toBe(true);
    const url = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
    expect(url).toContain('Action=CallWithBearerToken');
    expect(url).toContain('eu-west-1');
    const expires = Number(/X-Amz-Expires=(\d+)/.exec(url)?.[1]);
    expect(expires).toBeGreaterThan(29 * 60);
    expect(expires).toBeLessThanOrEqual(30 * 60);
  });
});

describe('token refresh through bedrock() against the local server', () => {
  let running: LocalBedrock | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('no request leaves with a token that expires before the request ends', async () => {
    const clock = fixedClock(T0);
    const mint = fakeMint(clock);
    const REQUEST_MS = 4 * MINUTE; // each request "takes" 4 minutes of the injected clock
    const expiredAtEnd: string[] = [];
    const slow: typeof fetch = async (input, init) => {
      const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
      const response = await fetch(input, init);
      clock.advance(REQUEST_MS);
      if ((mint.expiries.get(token) ?? 0) <= clock.now()) expiredAtEnd.push(token);
      return response;
    };
    running = await startLocalBedrock('mantle', {
      credentials: fakeCredentials(clock, undefined).provider,
      mintToken: mint.mint,
      tokenLifetimeSeconds: 1800,
      refreshMarginMs: 5 * MINUTE,
      clock,
      fetch: slow,
    });
    const { client, model } = running.bedrock;
    for (let i = 0; i < 12; i++) {
      await Effect.runPromise(client.create({ model, input: `turn ${i}` }));
      clock.advance(MINUTE);
    }
    expect(expiredAtEnd).toEqual([]);
    expect(mint.count()).toBeGreaterThan(1);
    const used = running.sent.map((r) => r.authorization);
    expect(new Set(used).size).toBe(mint.count());
  });

  it('concurrent requests after expiry trigger one refresh', async () => {
    const clock = fixedClock(T0);
    const mint = fakeMint(clock);
    running = await startLocalBedrock('runtime', {
      credentials: fakeCredentials(clock, undefined).provider,
      mintToken: mint.mint,
      tokenLifetimeSeconds: 600,
      clock,
    });
    const { client, model } = running.bedrock;
    await Effect.runPromise(client.create({ model, input: 'first' }));
    clock.advance(10 * MINUTE);
    await Effect.runPromise(
      Effect.all(
        Array.from({ length: 8 }, (_, i) => client.create({ model, input: `c${i}` })),
        { concurrency: 'unbounded' },
      ),
    );
    expect(mint.count()).toBe(2);
    expect(running.sent.slice(1).every((r) => r.authorization === 'Bearer tok-2')).toBe(true);
  });
});
