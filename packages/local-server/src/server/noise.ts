import { ALPHANUMERIC, type Prng, randomChars } from '../internal/prng.js';
import type { RouteFlavor } from './profile.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The `obfuscation` padding of a delta: random up to 16 characters (OpenAI), `""` (mantle), or none. */
export function paddingFor(flavor: RouteFlavor, includeObfuscation: boolean, noise: Prng): (delta: string) => string | undefined {
  if (!includeObfuscation) return () => undefined;
  if (flavor.obfuscation === 'empty') return () => '';
  return (delta) => randomChars(noise, Math.max(2, 16 - delta.length), ALPHANUMERIC);
}

/** An opaque `encrypted_content` blob shaped like the provider's. */
export function encryptedBlobFor(flavor: RouteFlavor, noise: Prng): () => string {
  const prefix = flavor.obfuscation === 'empty' ? 'rsn_' : 'gAAAAAB';
  return () => prefix + randomChars(noise, 96, BASE64URL);
}
