import { Effect } from 'effect';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { OutputValidation } from '../errors.js';
import { outputSchema } from './output-schema.js';

const Invoice = z.object({
  customer: z.string().describe('Customer name'),
  items: z.array(z.object({ name: z.string(), price: z.number(), note: z.string().optional() })),
  currency: z.enum(['EUR', 'USD']).default('EUR'),
});

const invoice = outputSchema('invoice', Invoice, { description: 'An invoice.' });

describe('outputSchema', () => {
  it('builds a strict text.format', () => {
    expect(invoice.strict).toBe(true);
    expect(invoice.textFormat).toMatchObject({
      type: 'json_schema',
      name: 'invoice',
      description: 'An invoice.',
      strict: true,
      schema: {
        type: 'object',
        required: ['customer', 'items', 'currency'],
        additionalProperties: false,
      },
    });
    expect(outputSchema('plain', z.object({ a: z.string() })).textFormat).not.toHaveProperty(
      'description',
    );
  });

  it('infers T from the schema output', () => {
    expectTypeOf(invoice.parse).returns.toEqualTypeOf<
      Effect.Effect<
        {
          customer: string;
          items: { name: string; price: number; note?: string | undefined }[];
          currency: 'EUR' | 'USD';
        },
        OutputValidation
      >
    >();
    const typed = outputSchema<{ n: number }>('raw', {
      type: 'object',
      properties: { n: { type: 'number' } },
      required: ['n'],
    });
    expectTypeOf(typed.parse).returns.toEqualTypeOf<
      Effect.Effect<{ n: number }, OutputValidation>
    >();
    type Wrong = Effect.Effect<{ total: number }, OutputValidation>;
    // @ts-expect-error: the output has no field total
    expectTypeOf(invoice.parse).returns.toEqualTypeOf<Wrong>();
  });

  it('parses valid output, mapping optional nulls to absent and applying defaults', async () => {
    const text = JSON.stringify({
      customer: 'Ada',
      items: [{ name: 'pen', price: 2, note: null }],
      currency: null,
    });
    const value = await Effect.runPromise(invoice.parse(text));
    expect(value).toEqual({ customer: 'Ada', items: [{ name: 'pen', price: 2 }], currency: 'EUR' });
  });

  it('fails with OutputValidation and issue paths on schema mismatch', async () => {
    const text = JSON.stringify({
      customer: 'Ada',
      items: [{ name: 'pen', price: '2', note: null }],
      currency: 'GBP',
    });
    const error = await Effect.runPromise(Effect.flip(invoice.parse(text, { turnId: 'turn_9' })));
    expect(error).toBeInstanceOf(OutputValidation);
    expect(error.issues).toEqual([
      'items[0].price: expected number, received string',
      'currency: expected one of "EUR"|"USD"',
    ]);
    expect(error.turnId).toBe('turn_9');
    expect(error.text).toBe(text);
    expect(error.message).toMatch(/items\[0\]\.price: expected number/);
  });

  it('fails with OutputValidation when the text is not JSON', async () => {
    const error = await Effect.runPromise(Effect.flip(invoice.parse('Sure! Here is the invoice')));
    expect(error._tag).toBe('OutputValidation');
    expect(error.issues[0]).toMatch(/^\(root\): the output is not valid JSON/);
    expect(error.turnId).toBeUndefined();
  });

  it('offers a plain safeParse', () => {
    expect(invoice.safeParse('{"customer":"A","items":[],"currency":"USD"}')).toEqual({
      success: true,
      value: { customer: 'A', items: [], currency: 'USD' },
    });
    const failed = invoice.safeParse('{}');
    expect(failed.success).toBe(false);
    if (!failed.success)
      expect(failed.error.issues).toContain('customer: missing (expected string)');
  });

  it('validates the name', () => {
    for (const name of ['', 'with space', 'a'.repeat(65), 'ümlaut', 'a.b']) {
      expect(() => outputSchema(name, Invoice)).toThrow(/is invalid; use 1-64 characters/);
    }
    for (const name of ['a', 'A-b_9', 'x'.repeat(64)]) {
      expect(outputSchema(name, Invoice).name).toBe(name);
    }
  });

  it('falls back to strict: false with a reason, or throws when strict is demanded', () => {
    const Loose = z.object({ scores: z.record(z.string(), z.number()) });
    const loose = outputSchema('scores', Loose);
    expect(loose.strict).toBe(false);
    expect(loose.textFormat.strict).toBe(false);
    expect(loose.strictReason).toMatch(/^scores: /);
    expect(() => outputSchema('scores', Loose, { strict: true })).toThrow(/cannot be strict/);
  });
});
