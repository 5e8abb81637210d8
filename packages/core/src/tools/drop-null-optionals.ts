/**
 * The decoding half of strict schemas: a strict schema makes optional properties nullable, so the
 * model sends `null` where it means "left out". This walks a value along the original (non-strict)
 * schema and removes such `null`s, so validators that expect the key to be absent accept it.
 *
 * @module
 */
import { acceptsNull, type JsonSchema } from './strict-json-schema.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const maxDepth = 128;

function resolve(schema: unknown, root: JsonSchema): Record<string, unknown> | undefined {
  let current = schema;
  for (
    let hops = 0;
    hops < 32 && isRecord(current) && typeof current['$ref'] === 'string';
    hops++
  ) {
    const ref = current['$ref'];
    if (ref === '#') {
      current = root;
      continue;
    }
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    const defs = match ? root[match[1] as string] : undefined;
    current = match && isRecord(defs) ? defs[decodeURIComponent(match[2] as string)] : undefined;
  }
  return isRecord(current) ? current : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeMatches(value: unknown, type: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some(
    (t) =>
      t === actual ||
      (t === 'integer' && Number.isInteger(value)) ||
      (t === 'number' && actual === 'number'),
  );
}

/** Whether `value` plausibly belongs to the union branch `branch` (type, const/enum, discriminators). */
function fits(value: unknown, branch: Record<string, unknown>, root: JsonSchema): boolean {
  if (!typeMatches(value, branch['type'])) return false;
  if ('const' in branch && branch['const'] !== value) return false;
  if (Array.isArray(branch['enum']) && !branch['enum'].includes(value)) return false;
  if (isRecord(value) && isRecord(branch['properties'])) {
    for (const [key, property] of Object.entries(branch['properties'])) {
      const resolved = resolve(property, root);
      if (resolved && 'const' in resolved && key in value && value[key] !== resolved['const'])
        return false;
    }
  }
  return true;
}

function walk(value: unknown, schema: unknown, root: JsonSchema, depth: number): unknown {
  if (depth > maxDepth) return value;
  const node = resolve(schema, root);
  if (node === undefined) return value;
  const allOf = node['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1) return walk(value, allOf[0], root, depth + 1);
  const union = node['anyOf'] ?? node['oneOf'];
  if (Array.isArray(union)) {
    const branch = union
      .map((b) => resolve(b, root))
      .find((b): b is Record<string, unknown> => b !== undefined && fits(value, b, root));
    return branch === undefined ? value : walk(value, branch, root, depth + 1);
  }
  if (Array.isArray(value) && node['items'] !== undefined) {
    return value.map((item) => walk(item, node['items'], root, depth + 1));
  }
  if (isRecord(value) && isRecord(node['properties'])) {
    const properties = node['properties'];
    const required = new Set(
      Array.isArray(node['required']) ? (node['required'] as unknown[]) : [],
    );
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const property = properties[key];
      if (property === undefined) {
        out[key] = item;
      } else if (item === null && !required.has(key) && !acceptsNull(resolve(property, root))) {
        continue;
      } else {
        out[key] = walk(item, property, root, depth + 1);
      }
    }
    return out;
  }
  return value;
}

/**
 * Removes `null` from properties that `schema` marks optional and that do not accept `null`
 * themselves, at any depth (objects, arrays, `$ref`s, unions). Returns a new value; the input is
 * not changed. Optional properties that are also nullable keep their `null`.
 *
 * @example
 * const schema = { type: 'object', properties: { a: { type: 'string' } }, required: [] };
 * dropNullOptionals({ a: null }, schema); // {}
 */
export function dropNullOptionals(value: unknown, schema: JsonSchema): unknown {
  return walk(value, schema, schema, 0);
}
