/**
 * Turning JSON Schemas into the strict dialect the Responses API accepts for function tools
 * (`strict: true`) and structured outputs (`text.format` `json_schema`).
 *
 * Strict rules (PROTOCOL.md §2): every object has `additionalProperties: false` and lists all of its
 * keys in `required`; a property that may be left out becomes nullable instead (`type: [X, "null"]`,
 * or `anyOf: [X, {type: "null"}]` where a type list cannot express it). Decoding maps such a `null`
 * back to an absent key (see `dropNullOptionals`), so `.optional()` fields round-trip.
 *
 * @module
 */
import { z } from 'zod';

/**
 * A JSON Schema document or sub-schema, as plain JSON data.
 *
 * @example
 * const schema: JsonSchema = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
 */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The schema to send, and whether it could be made strict.
 *
 * @example
 * const { schema, strict, reason } = toStrictJsonSchema(zodToJsonSchema(Params));
 */
export interface StrictJsonSchema {
  /** The schema as it goes on the wire. */
  readonly schema: JsonSchema;
  /** True when `schema` follows the strict rules; false when it is the original, cleaned. */
  readonly strict: boolean;
  /** Why the schema could not be made strict; `undefined` when `strict` is true. */
  readonly reason: string | undefined;
}

/** Keywords copied as they are: structure, and the validation keywords strict mode supports. */
const kept = new Set([
  'type',
  'enum',
  'const',
  'description',
  'title',
  'pattern',
  'multipleOf',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'minItems',
  'maxItems',
]);

/** Keywords that change which values are valid in ways strict mode cannot express. */
const blocking: Readonly<Record<string, string>> = {
  prefixItems: 'a tuple (prefixItems) is not supported',
  additionalItems: 'a tuple (additionalItems) is not supported',
  patternProperties: 'patternProperties (a record with key patterns) is not supported',
  propertyNames: 'a record (propertyNames) is not supported',
  unevaluatedProperties: 'unevaluatedProperties is not supported',
  unevaluatedItems: 'unevaluatedItems is not supported',
  not: 'a negation (not) is not supported',
  if: 'a conditional (if/then/else) is not supported',
  then: 'a conditional (if/then/else) is not supported',
  else: 'a conditional (if/then/else) is not supported',
  dependentRequired: 'dependentRequired is not supported',
  dependentSchemas: 'dependentSchemas is not supported',
  dependencies: 'dependencies is not supported',
  contains: 'contains is not supported',
  minContains: 'minContains is not supported',
  maxContains: 'maxContains is not supported',
  $dynamicRef: '$dynamicRef is not supported',
  $recursiveRef: '$recursiveRef is not supported',
};

/** String formats strict mode accepts; other formats are dropped (the validator still checks them). */
const supportedFormats = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

class NotStrict {
  constructor(readonly reason: string) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const at = (path: string, reason: string): NotStrict =>
  new NotStrict(`${path === '' ? '(root)' : path}: ${reason}`);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

const rewriteRef = (ref: string): string => ref.replace(/^#\/definitions\//, '#/$defs/');

/**
 * True when `schema` already lets `null` through (a `null` type, a `null` enum member or const, or a
 * nullable `anyOf`/`oneOf` branch).
 *
 * @example
 * acceptsNull({ type: ['string', 'null'] }); // true
 */
export function acceptsNull(schema: unknown): boolean {
  if (!isRecord(schema)) return schema === true;
  const type = schema['type'];
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(schema['enum']) && schema['enum'].includes(null)) return true;
  if ('const' in schema && schema['const'] === null) return true;
  const union = schema['anyOf'] ?? schema['oneOf'];
  return Array.isArray(union) && union.some(acceptsNull);
}

function makeNullable(schema: JsonSchema): JsonSchema {
  if (acceptsNull(schema)) return schema;
  const type = schema['type'];
  const simple = !('const' in schema) && !('$ref' in schema) && !('anyOf' in schema);
  if (simple && (typeof type === 'string' || Array.isArray(type))) {
    const types: unknown[] = typeof type === 'string' ? [type] : [...(type as unknown[])];
    const out: Record<string, unknown> = { ...schema, type: [...types, 'null'] };
    if (Array.isArray(schema['enum'])) out['enum'] = [...(schema['enum'] as unknown[]), null];
    return out;
  }
  const anyOf = schema['anyOf'];
  if (
    Array.isArray(anyOf) &&
    Object.keys(schema).every((k) => k === 'anyOf' || k === 'description' || k === 'title')
  ) {
    return { ...schema, anyOf: [...(anyOf as unknown[]), { type: 'null' }] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function convert(node: unknown, path: string): JsonSchema {
  if (node === true || (isRecord(node) && Object.keys(node).length === 0)) {
    throw at(
      path,
      'accepts any value (z.unknown(), z.any(), or a type JSON Schema cannot express, such as z.date())',
    );
  }
  if (!isRecord(node)) throw at(path, 'is not a schema object');
  const out: Record<string, unknown> = {};
  let defaultValue: { value: unknown } | undefined;
  for (const [key, value] of Object.entries(node)) {
    const block = blocking[key];
    if (block !== undefined) throw at(path, block);
    if (kept.has(key)) {
      out[key] = value;
    } else if (key === 'default') {
      defaultValue = { value };
    } else if (key === 'format') {
      if (typeof value === 'string' && supportedFormats.has(value)) out[key] = value;
    } else if (key === '$ref') {
      if (typeof value !== 'string' || !value.startsWith('#')) {
        throw at(path, `only local references are supported (found ${String(value)})`);
      }
      out['$ref'] = rewriteRef(value);
    } else if (key === 'anyOf' || key === 'oneOf') {
      if (!Array.isArray(value)) throw at(path, `${key} must be an array`);
      const branches = value.map((branch, i) => convert(branch, `${join(path, key)}[${i}]`));
      out['anyOf'] = [...((out['anyOf'] as unknown[] | undefined) ?? []), ...branches];
    } else if (key === 'allOf') {
      if (!Array.isArray(value) || value.length !== 1) {
        throw at(path, 'an intersection (allOf with several schemas) is not supported');
      }
      Object.assign(out, convert(value[0], path));
    } else if (key === 'items') {
      if (value === false) continue;
      if (!isRecord(value)) throw at(path, 'a tuple (items as an array) is not supported');
      out['items'] = convert(value, `${path}[]`);
    } else if (key === 'additionalProperties') {
      if (value !== false) {
        throw at(
          path,
          'a record or loose object (additionalProperties other than false) is not supported',
        );
      }
    } else if (key === '$defs' || key === 'definitions') {
      if (!isRecord(value)) throw at(path, `${key} must be an object`);
      out['$defs'] = Object.fromEntries(
        Object.entries(value).map(([name, def]) => [
          name,
          convert(def, join(path, `$defs.${name}`)),
        ]),
      );
    }
    // Everything else ($schema, $id, $comment, examples, minLength, readOnly, x-…) is dropped:
    // annotations, or checks the validator still performs after parsing.
  }
  if (defaultValue !== undefined) {
    const note = `(default: ${JSON.stringify(defaultValue.value)})`;
    const description = out['description'];
    out['description'] = typeof description === 'string' ? `${description} ${note}` : note;
  }
  splitTypeList(out);
  const type = out['type'];
  const isObject =
    type === 'object' ||
    (Array.isArray(type) && type.includes('object')) ||
    isRecord(node['properties']);
  if (isObject) convertObject(node, out, path);
  const constrained = ['type', 'anyOf', '$ref', 'enum', 'const'].some((k) => k in out);
  if (!constrained) {
    throw at(
      path,
      'accepts any value (z.unknown(), z.any(), or a type JSON Schema cannot express, such as z.date())',
    );
  }
  return out;
}

/** `type: ["string", "number"]` becomes `anyOf` of single types, the form strict mode documents. */
function splitTypeList(out: Record<string, unknown>): void {
  const type = out['type'];
  if (!Array.isArray(type) || type.filter((t) => t !== 'null').length < 2) return;
  if (!Object.keys(out).every((k) => k === 'type' || k === 'description' || k === 'title')) return;
  delete out['type'];
  out['anyOf'] = type.map((t: unknown) => ({ type: t }));
}

function convertObject(
  node: Record<string, unknown>,
  out: Record<string, unknown>,
  path: string,
): void {
  const properties = isRecord(node['properties']) ? node['properties'] : {};
  const required = new Set(Array.isArray(node['required']) ? (node['required'] as unknown[]) : []);
  const converted: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(properties)) {
    const schema = convert(property, join(path, name));
    converted[name] = required.has(name) ? schema : makeNullable(schema);
  }
  if (out['type'] === undefined) out['type'] = 'object';
  out['properties'] = converted;
  out['required'] = Object.keys(converted);
  out['additionalProperties'] = false;
}

/**
 * Removes what the API rejects outright (`$schema`) and renames draft-7 `definitions` to `$defs`,
 * without changing which values are valid: the schema sent with `strict: false`.
 *
 * @example
 * cleanJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
 * // { type: 'object' }
 */
export function cleanJsonSchema(schema: JsonSchema): JsonSchema {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema') continue;
      if (key === '$ref' && typeof value === 'string') out[key] = rewriteRef(value);
      else out[key === 'definitions' ? '$defs' : key] = rewrite(value);
    }
    return out;
  };
  return rewrite(schema) as JsonSchema;
}

/**
 * Converts a JSON Schema to the strict dialect, or explains why it cannot be.
 *
 * Details: objects get `additionalProperties: false` and every key in `required`; properties that
 * were optional become nullable; `oneOf` becomes `anyOf`; `default` moves into the description;
 * `$schema`, `$id`, `examples`, length limits and formats strict mode does not know are dropped (the
 * validator still checks them after parsing); `$defs` are kept and converted in place, so recursive
 * schemas stay recursive through `$ref`. Records (`z.record`), loose objects, tuples, intersections,
 * conditionals and unconstrained values (`z.unknown()`, `z.date()`) cannot be strict: the result is
 * then the cleaned original with `strict: false` and a `reason` naming the offending path.
 *
 * @example
 * const { schema, strict } = toStrictJsonSchema({
 *   type: 'object',
 *   properties: { city: { type: 'string' }, days: { type: 'integer' } },
 *   required: ['city'],
 * });
 * // schema.properties.days = { type: ['integer', 'null'] }, strict = true
 */
export function toStrictJsonSchema(schema: JsonSchema): StrictJsonSchema {
  try {
    const type = schema['type'];
    if (type !== 'object')
      throw at('', `the root must be an object schema (found type ${JSON.stringify(type)})`);
    return { schema: convert(schema, ''), strict: true, reason: undefined };
  } catch (error) {
    if (error instanceof NotStrict) {
      return { schema: cleanJsonSchema(schema), strict: false, reason: error.reason };
    }
    throw error;
  }
}

/**
 * The JSON Schema of a zod 4 schema as the model fills it in: its input side (fields with a
 * `.default()` are optional), recursion through `$defs`, and `{}` for types JSON Schema cannot
 * express (which then keeps the schema from being strict).
 *
 * @example
 * zodToJsonSchema(z.object({ q: z.string() }));
 * // { $schema: '…', type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }
 */
export function zodToJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}
