/** A small, fast, seedable pseudo-random generator (sfc32), so ids and padding are reproducible. */
export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
}

function hashSeed(seed: number | string): [number, number, number, number] {
  const text = String(seed);
  let h1 = 1779033703 ^ text.length;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** Create a generator from a numeric or string seed. */
export function createPrng(seed: number | string): Prng {
  let [a, b, c, d] = hashSeed(seed);
  const prng: Prng = {
    nextUint32() {
      a >>>= 0;
      b >>>= 0;
      c >>>= 0;
      d >>>= 0;
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      return t >>> 0;
    },
  };
  for (let i = 0; i < 12; i++) prng.nextUint32();
  return prng;
}

const scratch = Buffer.allocUnsafe(64);

/** `length` lowercase hex characters (up to 128). */
export function randomHex(prng: Prng, length: number): string {
  const bytes = Math.ceil(length / 2);
  for (let offset = 0; offset < bytes; offset += 4) scratch.writeUInt32LE(prng.nextUint32(), offset);
  const hex = scratch.toString('hex', 0, bytes);
  return hex.length === length ? hex : hex.slice(0, length);
}

/** `length` characters drawn from `alphabet` (up to 64 symbols; several characters per draw). */
export function randomChars(prng: Prng, length: number, alphabet: string): string {
  const size = alphabet.length;
  const perDraw = Math.max(1, Math.floor(32 / Math.log2(size)));
  let out = '';
  while (out.length < length) {
    let value = prng.nextUint32();
    for (let k = 0; k < perDraw && out.length < length; k++) {
      out += alphabet[value % size];
      value = Math.floor(value / size);
    }
  }
  return out;
}

/** Letters and digits. */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Lowercase RFC 4648 base32 alphabet, as in mantle response ids. */
export const BASE32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567';
