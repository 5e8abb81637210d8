import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { jsonFromSchema, resolveRef } from './json-from-schema.js';

// Simple checks for the formats used below; ajv ships no format validators of its own.
const formats: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
};

function validators() {
  const draft7 = new Ajv({
    allErrors: true,
    strict: true,
    strictTuples: false,
    strictTypes: false,
  });
  const draft2020 = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTuples: false,
    strictTypes: false,
  });
  for (const [name, regex] of Object.entries(formats)) {
    draft7.addFormat(name, regex);
    draft2020.addFormat(name, regex);
  }
  return { draft7, draft2020 };
}

const { draft7, draft2020 } = validators();

function expectValid(
  schema: Record<string, unknown>,
  value: unknown,
  ajv: Ajv | Ajv2020 = draft7,
): void {
  const validate = ajv.compile(schema);
  const ok = validate(value);
  expect(validate.errors ?? [], JSON.stringify(value)).toEqual([]);
  expect(ok).toBe(true);
}

const strictWeather = {
  type: 'object',
  additionalProperties: false,
  required: ['city', 'unit', 'days', 'note'],
  properties: {
    city: { type: 'string', description: 'City name' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    note: { type: ['string', 'null'] },
  },
};

const schemas: Array<[string, Record<string, unknown>]> = [
  ['strict object with nullable union and enum', strictWeather],
  [
    'nested strict objects and arrays of objects',
    {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'steps', 'meta'],
      properties: {
        title: { type: 'string', minLength: 3, maxLength: 40 },
        steps: {
          type: 'array',
          minItems: 2,
          maxItems: 4,
          uniqueItems: true,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['order', 'text', 'done'],
            properties: {
              order: { type: 'integer' },
              text: { type: 'string' },
              done: { type: 'boolean' },
            },
          },
        },
        meta: {
          type: 'object',
          additionalProperties: false,
          required: ['created', 'author', 'id', 'site'],
          properties: {
            created: { type: 'string', format: 'date-time' },
            author: { type: 'string', format: 'email' },
            id: { type: 'string', format: 'uuid' },
            site: { type: 'string', format: 'uri' },
          },
        },
      },
    },
  ],
  [
    'number bounds, exclusive bounds and multipleOf',
    {
      type: 'object',
      additionalProperties: false,
      required: ['a', 'b', 'c', 'd', 'e', 'f'],
      properties: {
        a: { type: 'number', minimum: 10.5 },
        b: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        c: { type: 'integer', minimum: -20, maximum: -10 },
        d: { type: 'number', multipleOf: 0.25, minimum: 3.1 },
        e: { type: 'integer', multipleOf: 5, minimum: 7 },
        f: { type: 'integer', exclusiveMaximum: 0 },
      },
    },
  ],
  [
    '$defs references, anyOf and const',
    {
      type: 'object',
      additionalProperties: false,
      required: ['home', 'work', 'kind', 'contact'],
      properties: {
        home: { $ref: '#/$defs/address' },
        work: { anyOf: [{ $ref: '#/$defs/address' }, { type: 'null' }] },
        kind: { const: 'person' },
        contact: { oneOf: [{ type: 'string', format: 'email' }, { type: 'integer' }] },
      },
      $defs: {
        address: {
          type: 'object',
          additionalProperties: false,
          required: ['street', 'zip'],
          properties: {
            street: { type: 'string' },
            zip: { type: 'string', pattern: '^[0-9]{5}$' },
          },
        },
      },
    },
  ],
  [
    'draft-7 definitions and allOf',
    {
      definitions: {
        named: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1 } },
        },
      },
      allOf: [
        { $ref: '#/definitions/named' },
        {
          type: 'object',
          required: ['age'],
          properties: { age: { type: 'integer', minimum: 18 } },
        },
      ],
    },
  ],
  [
    'recursive strict tree',
    {
      type: 'object',
      additionalProperties: false,
      required: ['label', 'children'],
      properties: {
        label: { type: 'string' },
        children: { type: 'array', items: { $ref: '#' } },
      },
    },
  ],
  [
    'recursive linked list through a nullable ref',
    {
      $defs: {
        node: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'next'],
          properties: {
            value: { type: 'integer' },
            next: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] },
          },
        },
      },
      $ref: '#/$defs/node',
    },
  ],
  [
    'top-level array of enums',
    { type: 'array', minItems: 3, items: { enum: ['red', 'green', 'blue'] }, uniqueItems: true },
  ],
  ['short string bound', { type: 'string', maxLength: 5, minLength: 5 }],
  [
    'draft-7 tuple',
    { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
  ],
  ['untyped schema with properties', { properties: { x: { type: 'boolean' } }, required: ['x'] }],
];

describe('jsonFromSchema', () => {
  it.each(schemas)('produces a valid value: %s', (_name, schema) => {
    expectValid(
      schema,
      jsonFromSchema(schema, { text: 'What is the weather like in Paris today?' }),
    );
  });

  it('handles draft 2020 prefixItems tuples', () => {
    const schema = {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'integer', minimum: 5 }],
      items: false,
    };
    const value = jsonFromSchema(schema);
    expect(value).toEqual([expect.any(String), 5]);
    expectValid(schema, value, draft2020);
  });

  it('fills every property of a strict schema and prefers a value over null', () => {
    const value = jsonFromSchema(strictWeather, { text: 'forecast please' }) as Record<
      string,
      unknown
    >;
    expect(Object.keys(value)).toEqual(['city', 'unit', 'days', 'note']);
    expect(value['unit']).toBe('celsius');
    expect(value['days']).toBe(1);
    expect(typeof value['note']).toBe('string');
  });

  it('derives strings from property names and the user text', () => {
    const schema = { type: 'object', properties: { shortTitle: { type: 'string' } } };
    expect(jsonFromSchema(schema, { text: 'Summarise   Hamlet' })).toEqual({
      shortTitle: 'Short title: Summarise Hamlet',
    });
    expect(jsonFromSchema(schema)).toEqual({ shortTitle: 'Example short title' });
  });

  it('uses a quoted phrase from the user text as the string value', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(jsonFromSchema(schema, { text: 'What is the weather in "Paris"?' })).toEqual({
      city: 'Paris',
    });
  });

  it('varies array items so uniqueItems holds', () => {
    const schema = { type: 'array', minItems: 3, uniqueItems: true, items: { type: 'string' } };
    const value = jsonFromSchema(schema) as string[];
    expect(new Set(value).size).toBe(3);
  });

  it('ends recursion with empty arrays and nulls', () => {
    const tree = jsonFromSchema(schemas[5]?.[1]) as { children: unknown[] };
    expect(JSON.stringify(tree).length).toBeLessThan(5000);
    const list = jsonFromSchema(schemas[6]?.[1]);
    expect(JSON.stringify(list)).toContain('"next":null');
  });

  it('is deterministic', () => {
    const [, schema] = schemas[1] ?? ['', {}];
    expect(jsonFromSchema(schema, { text: 'x' })).toEqual(jsonFromSchema(schema, { text: 'x' }));
  });
});

describe('resolveRef', () => {
  it('follows escaped JSON pointers and rejects remote refs', () => {
    const root = { $defs: { 'a/b': { type: 'string' }, 'c~d': { type: 'integer' } } };
    expect(resolveRef(root, '#/$defs/a~1b')).toEqual({ type: 'string' });
    expect(resolveRef(root, '#/$defs/c~0d')).toEqual({ type: 'integer' });
    expect(resolveRef(root, '#')).toBe(root);
    expect(resolveRef(root, 'https://example.com/schema.json')).toBeUndefined();
  });
});
