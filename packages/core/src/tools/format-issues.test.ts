import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath, formatZodIssues } from './format-issues.js';

describe('formatPath', () => {
  it('writes paths as code would access them', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['items', 0, 'price'])).toBe('items[0].price');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['odd key', 'x'])).toBe('["odd key"].x');
  });
});

describe('formatZodIssues', () => {
  const issuesOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? [] : formatZodIssues(result.error.issues);
  };

  it('describes type errors, missing keys, enums, unions and extra keys', () => {
    const schema = z.strictObject({
      items: z.array(z.object({ price: z.number(), tag: z.enum(['a', 'b']) })),
      id: z.union([z.string(), z.number()]),
      name: z.string().min(3),
    });
    expect(
      issuesOf(schema, {
        items: [{ price: 'x', tag: 'c' }, { tag: 'a' }],
        id: true,
        name: 'ab',
        extra: 1,
      }),
    ).toEqual([
      'items[0].price: expected number, received string',
      'items[0].tag: expected one of "a"|"b"',
      'items[1].price: missing (expected number)',
      'id: expected string | number',
      'name: too small: expected string to have >=3 characters',
      '(root): unexpected key "extra"',
    ]);
  });
});
