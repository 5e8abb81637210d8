import { expect, test } from 'vitest';
import { placeholder } from '@weft/local-server';

test('resolves workspace sources', () => {
  expect(placeholder).toBe(1);
});
