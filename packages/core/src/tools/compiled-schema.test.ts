import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSchema } from './compiled-schema.js';
import { dropNullOptionals } from './drop-null-optionals.js';

const subject = 'test schema';

describe('compileSchema with zod', () => {
  it('round-trips optional fields: null from the model becomes absent', () => {
    const compiled = compileSchema(
      z.object({
        city: z.string(),
        unit: z.enum(['c', 'f']).optional(),
        note: z.string().nullish(),
      }),
      { subject },
    );
    expect(compiled.strict).toBe(true);
    const decoded = compiled.decode({ city: 'Oslo', unit: null, note: null });
    expect(decoded).toEqual({ ok: true, value: { city: 'Oslo', note: null } });
    expect(decoded.ok && 'unit' in decoded.value).toBe(false);
  });

  it('keeps null for nullable required fields', () => {
    const compiled = compileSchema(z.object({ a: z.string().nullable() }), { subject });
    expect(compiled.decode({ a: null })).toEqual({ ok: true, value: { a: null } });
  });

  it('applies defaults when the model sends null', () => {
    const compiled = compileSchema(z.object({ days: z.number().default(3) }), { subject });
    expect(compiled.decode({ days: null })).toEqual({ ok: true, value: { days: 3 } });
  });

  it('restores optionals inside arrays, unions and recursive refs', () => {
    interface Node {
      label?: string | undefined;
      children: Node[];
    }
    const Node: z.ZodType<Node> = z.object({
      label: z.string().optional(),
      get children() {
        return z.array(Node);
      },
    });
    const schema = z.object({
      nodes: z.array(Node),
      shape: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), x: z.number().optional() }),
        z.object({ kind: z.literal('b'), y: z.string().optional() }),
      ]),
    });
    const compiled = compileSchema(schema, { subject });
    const decoded = compiled.decode({
      nodes: [{ label: null, children: [{ label: 'leaf', children: [] }] }],
      shape: { kind: 'b', y: null },
    });
    expect(decoded).toEqual({
      ok: true,
      value: { nodes: [{ children: [{ label: 'leaf', children: [] }] }], shape: { kind: 'b' } },
    });
  });

  it('handles a recursive root ($ref: "#")', () => {
    interface Tree {
      name: string;
      note?: string | undefined;
      children: Tree[];
    }
    const Tree: z.ZodType<Tree> = z.object({
      name: z.string(),
      note: z.string().optional(),
      get children() {
        return z.array(Tree);
      },
    });
    const compiled = compileSchema(Tree, { subject });
    expect(compiled.strict).toBe(true);
    expect(compiled.jsonSchema['properties']).toMatchObject({ children: { items: { $ref: '#' } } });
    expect(
      compiled.decode({
        name: 'a',
        note: null,
        children: [{ name: 'b', note: null, children: [] }],
      }),
    ).toEqual({ ok: true, value: { name: 'a', children: [{ name: 'b', children: [] }] } });
  });

  it('reports issues with readable paths', () => {
    const compiled = compileSchema(z.object({ items: z.array(z.object({ price: z.number() })) }), {
      subject,
    });
    expect(compiled.decode({ items: [{ price: 1 }, { price: 'x' }] })).toEqual({
      ok: false,
      issues: ['items[1].price: expected number, received string'],
    });
  });

  it('turns a throwing transform into an issue', () => {
    const compiled = compileSchema(
      z.object({ a: z.string() }).transform(() => {
        throw new Error('cannot transform');
      }),
      { subject },
    );
    expect(compiled.decode({ a: 'x' })).toEqual({
      ok: false,
      issues: ['(root): cannot transform'],
    });
  });

  it('strict: false sends the schema unconverted', () => {
    const compiled = compileSchema(z.object({ a: z.string().optional() }), {
      subject,
      strict: false,
    });
    expect(compiled.strict).toBe(false);
    expect(compiled.strictReason).toBe('strict: false was requested');
    expect(compiled.jsonSchema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });

  it('strict: true throws when the schema cannot be strict', () => {
    expect(() =>
      compileSchema(z.object({ m: z.record(z.string(), z.string()) }), { subject, strict: true }),
    ).toThrow(/test schema cannot be strict: m: .*record/);
  });

  it('falls back to strict: false by default when the schema cannot be strict', () => {
    const compiled = compileSchema(z.object({ m: z.record(z.string(), z.string()) }), { subject });
    expect(compiled.strict).toBe(false);
    expect(compiled.strictReason).toMatch(/^m: /);
    expect(compiled.decode({ m: { a: 'b' } })).toEqual({ ok: true, value: { m: { a: 'b' } } });
  });
});

describe('compileSchema with a raw JSON Schema', () => {
  const raw = {
    type: 'object',
    properties: {
      q: { type: 'string', minLength: 1 },
      limit: { type: 'integer', minimum: 1 },
      tags: { type: 'array', items: { type: 'string' } },
      mode: { enum: ['fast', 'slow'] },
    },
    required: ['q'],
    additionalProperties: false,
  };

  it('makes it strict and restores optional nulls', () => {
    const compiled = compileSchema<{ q: string; limit?: number }>(raw, { subject });
    expect(compiled.strict).toBe(true);
    expect(compiled.decode({ q: 'weft', limit: null, tags: null, mode: null })).toEqual({
      ok: true,
      value: { q: 'weft' },
    });
  });

  it('reports structural issues', () => {
    const compiled = compileSchema(raw, { subject });
    expect(
      compiled.decode({ q: '', limit: 1.5, tags: ['a', 2], mode: 'medium', extra: true }),
    ).toEqual({
      ok: false,
      issues: [
        'q: must have at least 1 characters',
        'limit: expected integer, received number',
        'tags[1]: expected string, received integer',
        'mode: expected one of "fast" | "slow"',
        '(root): unexpected key "extra"',
      ],
    });
    expect(compiled.decode({})).toEqual({ ok: false, issues: ['q: missing'] });
  });
});

describe('dropNullOptionals', () => {
  it('does not touch required keys, unknown keys or the input', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      required: ['a'],
    };
    const value = { a: null, b: null, c: null };
    expect(dropNullOptionals(value, schema)).toEqual({ a: null, c: null });
    expect(value).toEqual({ a: null, b: null, c: null });
  });
});
