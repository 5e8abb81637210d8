import { describe, expect, it } from 'vitest';
import { ALPHANUMERIC, createPrng, randomChars, randomHex } from './prng.js';

describe('prng', () => {
  it('is reproducible per seed', () => {
    const a = createPrng(5);
    const b = createPrng(5);
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(createPrng(6).nextUint32()).not.toBe(createPrng(5).nextUint32());
  });

  it('makes hex and alphabet strings of the asked length', () => {
    const prng = createPrng('x');
    for (const n of [1, 8, 32, 50, 51]) expect(randomHex(prng, n)).toMatch(new RegExp(`^[0-9a-f]{${n}}$`));
    expect(randomChars(prng, 24, ALPHANUMERIC)).toMatch(/^[A-Za-z0-9]{24}$/);
  });
});
