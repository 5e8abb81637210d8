import { describe, expect, it } from 'vitest';
import { sampleForPattern } from './sample-pattern.js';
import { sampleNumber, sampleString } from './sample-values.js';

const patterns = [
  '^[0-9]{5}$',
  '^[A-Z]{2}-\\d+$',
  '^(draft|final)$',
  '^\\w+@\\w+\\.com$',
  '^[^\\s]{3,8}$',
  '^v\\d+\\.\\d+\\.\\d+(-[a-z]+)?$',
  '^(?:[a-f0-9]{2}:){2}[a-f0-9]{2}$',
  '^\\(\\d{3}\\) \\d{3}-\\d{4}$',
  '^[a-z][a-z0-9_]*$',
  'abc',
];

describe('sampleForPattern', () => {
  it.each(patterns)('builds a matching string for %s', (pattern) => {
    const sample = sampleForPattern(pattern);
    expect(sample).toBeDefined();
    expect(new RegExp(pattern, 'u').test(sample ?? '')).toBe(true);
  });

  it('gives up on unbalanced groups instead of throwing', () => {
    expect(sampleForPattern('(abc')).toBeUndefined();
  });
});

describe('sampleString', () => {
  it('honours pattern, minLength and maxLength together', () => {
    const schema = { type: 'string', pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3 };
    expect(sampleString(schema, { key: 'code', index: 0 }, 'hello')).toBe('AAA');
  });

  it('pads to minLength and cuts to maxLength by code points', () => {
    expect(sampleString({ minLength: 20 }, { key: 'id', index: 0 }, '').length).toBe(20);
    expect(
      Array.from(sampleString({ maxLength: 3 }, { key: 'x', index: 0 }, '😀😀😀😀')),
    ).toHaveLength(3);
  });
});

describe('sampleNumber', () => {
  it('keeps multipleOf steps exact, tiny ones included', () => {
    expect(sampleNumber({ multipleOf: 1e-7, minimum: 0.5 }, false, 0)).toBe(1);
    expect(sampleNumber({ multipleOf: 0.1, minimum: 0.25 }, false, 2)).toBe(3);
    expect(sampleNumber({ multipleOf: 0.3, minimum: 0.25, maximum: 0.5 }, false, 0)).toBe(0.3);
  });
});
