import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  acceptsNull,
  cleanJsonSchema,
  toStrictJsonSchema,
  zodToJsonSchema,
  type JsonSchema,
} from './strict-json-schema.js';

const strictOf = (schema: z.ZodType) => toStrictJsonSchema(zodToJsonSchema(schema));

/** Walks a schema and checks the strict invariants on every object node. */
function assertStrictEverywhere(node: unknown, path = '(root)'): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => assertStrictEverywhere(item, `${path}[${i}]`));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  expect(record, path).not.toHaveProperty('$schema');
  expect(record, path).not.toHaveProperty('oneOf');
  expect(record, path).not.toHaveProperty('default');
  if ('properties' in record) {
    expect(record['additionalProperties'], path).toBe(false);
    expect(record['required'], path).toEqual(Object.keys(record['properties'] as object));
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'enum' && key !== 'const') assertStrictEverywhere(value, `${path}.${key}`);
  }
}

describe('toStrictJsonSchema', () => {
  it('closes nested objects and requires every key', () => {
    const result = strictOf(
      z.object({ user: z.object({ name: z.string(), address: z.object({ city: z.string() }) }) }),
    );
    expect(result.strict).toBe(true);
    expect(result.reason).toBeUndefined();
    expect(result.schema).toEqual({
      type: 'object',
      properties: {
        user: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            address: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
          required: ['name', 'address'],
          additionalProperties: false,
        },
      },
      required: ['user'],
      additionalProperties: false,
    });
  });

  it('drops $schema', () => {
    const source = zodToJsonSchema(z.object({ a: z.string() }));
    expect(source).toHaveProperty('$schema');
    expect(toStrictJsonSchema(source).schema).not.toHaveProperty('$schema');
  });

  it('makes optional properties nullable and required', () => {
    const { schema } = strictOf(
      z.object({ a: z.string().optional(), b: z.number().int().optional(), c: z.boolean() }),
    );
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['a']).toEqual({ type: ['string', 'null'] });
    expect(properties['b']?.['type']).toEqual(['integer', 'null']);
    expect(properties['c']).toEqual({ type: 'boolean' });
    expect(schema['required']).toEqual(['a', 'b', 'c']);
  });

  it('leaves nullable required properties alone and does not double-null nullish ones', () => {
    const { schema } = strictOf(z.object({ a: z.string().nullable(), b: z.string().nullish() }));
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['a']).toEqual({ type: ['string', 'null'] });
    expect(properties['b']).toEqual({ type: ['string', 'null'] });
  });

  it('adds null to enums of optional properties', () => {
    const { schema } = strictOf(z.object({ unit: z.enum(['c', 'f']).optional() }));
    const unit = (schema['properties'] as Record<string, JsonSchema>)['unit'];
    expect(unit).toEqual({ type: ['string', 'null'], enum: ['c', 'f', null] });
  });

  it('wraps optional consts, refs and unions in anyOf with null', () => {
    const { schema } = strictOf(
      z.object({ k: z.literal('k').optional(), u: z.union([z.string(), z.number()]).optional() }),
    );
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['k']).toEqual({ anyOf: [{ type: 'string', const: 'k' }, { type: 'null' }] });
    expect(properties['u']).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }],
    });
  });

  it('handles arrays of objects', () => {
    const { schema, strict } = strictOf(
      z.object({ items: z.array(z.object({ price: z.number().optional() })) }),
    );
    expect(strict).toBe(true);
    const items = (schema['properties'] as Record<string, JsonSchema>)['items'];
    expect(items).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: { price: { type: ['number', 'null'] } },
        required: ['price'],
        additionalProperties: false,
      },
    });
  });

  it('turns discriminated unions (oneOf) into anyOf of strict objects', () => {
    const result = strictOf(
      z.object({
        shape: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('circle'), r: z.number() }),
          z.object({ kind: z.literal('square'), side: z.number().optional() }),
        ]),
      }),
    );
    expect(result.strict).toBe(true);
    const shape = (result.schema['properties'] as Record<string, JsonSchema>)[
      'shape'
    ] as JsonSchema;
    expect(shape).not.toHaveProperty('oneOf');
    const branches = shape['anyOf'] as JsonSchema[];
    expect(branches).toHaveLength(2);
    expect(branches[1]).toMatchObject({
      properties: { kind: { const: 'square' }, side: { type: ['number', 'null'] } },
      required: ['kind', 'side'],
      additionalProperties: false,
    });
  });

  it('keeps descriptions and moves defaults into them', () => {
    const { schema } = strictOf(
      z.object({
        city: z.string().describe('City name'),
        unit: z.enum(['c', 'f']).default('c').describe('Unit'),
        days: z.number().default(3),
      }),
    );
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['city']).toEqual({ type: 'string', description: 'City name' });
    expect(properties['unit']?.['description']).toBe('Unit (default: "c")');
    expect(properties['unit']?.['enum']).toEqual(['c', 'f', null]);
    expect(properties['days']).toEqual({ type: ['number', 'null'], description: '(default: 3)' });
  });

  it('keeps supported string formats and numeric bounds, drops the rest', () => {
    const { schema } = strictOf(
      z.object({
        id: z.uuid(),
        name: z.string().min(1).max(10),
        n: z.number().min(0).max(5),
        tags: z.array(z.string()).min(1).max(3),
        token: z.base64(),
      }),
    );
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['id']?.['format']).toBe('uuid');
    expect(properties['name']).toEqual({ type: 'string' });
    expect(properties['n']).toEqual({ type: 'number', minimum: 0, maximum: 5 });
    expect(properties['tags']).toMatchObject({ minItems: 1, maxItems: 3 });
    expect(properties['token']).not.toHaveProperty('format');
  });

  it('keeps $defs and $ref for recursive schemas', () => {
    interface Category {
      name: string;
      children: Category[];
    }
    const Category: z.ZodType<Category> = z.object({
      name: z.string(),
      get children() {
        return z.array(Category);
      },
    });
    const result = strictOf(z.object({ root: Category }));
    expect(result.strict).toBe(true);
    const defs = result.schema['$defs'] as Record<string, JsonSchema>;
    const [name, def] = Object.entries(defs)[0] ?? [];
    expect((result.schema['properties'] as Record<string, JsonSchema>)['root']).toEqual({
      $ref: `#/$defs/${name}`,
    });
    expect(def).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: `#/$defs/${name}` } },
      },
      required: ['name', 'children'],
      additionalProperties: false,
    });
    assertStrictEverywhere(result.schema);
  });

  it('rewrites draft-7 definitions to $defs', () => {
    const result = toStrictJsonSchema({
      type: 'object',
      properties: { a: { $ref: '#/definitions/A' } },
      required: ['a'],
      definitions: { A: { type: 'object', properties: { x: { type: 'string' } } } },
    });
    expect(result.strict).toBe(true);
    expect(result.schema['$defs']).toEqual({
      A: {
        type: 'object',
        properties: { x: { type: ['string', 'null'] } },
        required: ['x'],
        additionalProperties: false,
      },
    });
    expect((result.schema['properties'] as Record<string, JsonSchema>)['a']).toEqual({
      $ref: '#/$defs/A',
    });
  });

  it('satisfies the strict invariants on a large mixed schema', () => {
    const result = strictOf(
      z.object({
        a: z.string().optional(),
        b: z.array(
          z.object({
            c: z.number().nullable(),
            d: z.object({ e: z.boolean().optional() }).optional(),
          }),
        ),
        f: z.union([z.object({ g: z.string() }), z.object({ h: z.number().optional() })]),
        i: z.enum(['x', 'y']).default('x'),
      }),
    );
    expect(result.strict).toBe(true);
    assertStrictEverywhere(result.schema);
  });

  describe('falls back to strict: false with a reason', () => {
    const cases: Array<[string, z.ZodType, RegExp]> = [
      ['a record', z.object({ scores: z.record(z.string(), z.number()) }), /^scores: .*record/],
      ['a loose object', z.looseObject({ a: z.string() }), /^\(root\): a record or loose object/],
      ['a tuple', z.object({ point: z.tuple([z.number(), z.number()]) }), /^point: a tuple/],
      ['an unknown value', z.object({ data: z.unknown() }), /^data: accepts any value/],
      ['a date', z.object({ at: z.date() }), /^at: accepts any value/],
      ['a non-object root', z.string(), /root must be an object/],
    ];
    for (const [label, schema, reason] of cases) {
      it(label, () => {
        const result = strictOf(schema);
        expect(result.strict).toBe(false);
        expect(result.reason).toMatch(reason);
        expect(result.schema).not.toHaveProperty('$schema');
      });
    }

    it('an intersection that cannot be merged (raw allOf)', () => {
      const result = toStrictJsonSchema({
        type: 'object',
        properties: { a: { allOf: [{ type: 'string' }, { pattern: '^a' }] } },
        required: ['a'],
      });
      expect(result.strict).toBe(false);
      expect(result.reason).toMatch(/^a: an intersection/);
    });

    it('and sends the original schema unchanged otherwise', () => {
      const source = zodToJsonSchema(
        z.object({ scores: z.record(z.string(), z.number()), note: z.string().optional() }),
      );
      const { $schema: _ignored, ...rest } = source;
      expect(toStrictJsonSchema(source).schema).toEqual(rest);
    });
  });
});

describe('acceptsNull', () => {
  it('recognises the ways a schema admits null', () => {
    expect(acceptsNull({ type: 'null' })).toBe(true);
    expect(acceptsNull({ type: ['string', 'null'] })).toBe(true);
    expect(acceptsNull({ enum: ['a', null] })).toBe(true);
    expect(acceptsNull({ const: null })).toBe(true);
    expect(acceptsNull({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe(true);
    expect(acceptsNull({ type: 'string' })).toBe(false);
  });
});

describe('cleanJsonSchema', () => {
  it('removes $schema at every depth and renames definitions', () => {
    expect(
      cleanJsonSchema({
        $schema: 'x',
        type: 'object',
        definitions: { A: { $schema: 'y', type: 'string' } },
        properties: { a: { $ref: '#/definitions/A' } },
      }),
    ).toEqual({
      type: 'object',
      $defs: { A: { type: 'string' } },
      properties: { a: { $ref: '#/$defs/A' } },
    });
  });
});
