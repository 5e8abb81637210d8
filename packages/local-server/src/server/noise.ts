import { ALPHANUMERIC, type Prng, randomChars } from '../internal/prng.js';
import type { RouteFlavor } from './profile.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const POOL_SIZE = 4096;
const pools = new WeakMap<Prng, string>();

/** A pool of random letters and digits drawn once per generator; padding is a slice of it. */
function poolOf(noise: Prng): string {
  let pool = pools.get(noise);
  if (pool === undefined) {
    pool = randomChars(noise, POOL_SIZE, ALPHANUMERIC);
    pools.set(noise, pool);
  }
  return pool;
}

/** The `obfuscation` padding of a delta: random up to 16 characters (OpenAI), `""` (mantle), or none. */
export function paddingFor(flavor: RouteFlavor, includeObfuscation: boolean, noise: Prng): (delta: string) => string | undefined {
  if (!includeObfuscation) return () => undefined;
  if (flavor.obfuscation === 'empty') return () => '';
  const pool = poolOf(noise);
  return (delta) => {
    const length = Math.max(2, 16 - delta.length);
    const start = noise.nextUint32() % (POOL_SIZE - length);
    return pool.slice(start, start + length);
  };
}

/** An opaque `encrypted_content` blob shaped like the provider's. */
export function encryptedBlobFor(flavor: RouteFlavor, noise: Prng): () => string {
  const prefix = flavor.obfuscation === 'empty' ? 'rsn_' : 'gAAAAAB';
  return () => prefix + randomChars(noise, 96, BASE64URL);
}
