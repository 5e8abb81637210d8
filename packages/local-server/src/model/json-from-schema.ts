/**
 * A deterministic JSON value that validates against a JSON Schema, for structured output and tool
 * arguments. Covers what Structured Outputs and function schemas use: objects (every property, so
 * strict schemas hold), arrays (`minItems`, at least one item), enums, const, formats, string
 * lengths, number bounds, nullable type unions, anyOf/oneOf (first branch), allOf (merged) and local
 * `$ref`s (`#/$defs/…`, `#/definitions/…`, `#`).
 *
 * Gotchas: `pattern` is met only by simple candidates; a `oneOf` whose first branch also satisfies a
 * later one yields a value that `oneOf` rejects; remote `$ref`s become strings.
 */
import { sampleNumber, sampleString, singular } from './sample-values.js';
import type { LeafHint } from './sample-values.js';

type SchemaObject = Readonly<Record<string, unknown>>;

/** Options for {@link jsonFromSchema}. */
export interface JsonFromSchemaOptions {
  /** Text strings are derived from (usually the user's latest message). */
  readonly text?: string | undefined;
}

interface Generation {
  readonly root: unknown;
  readonly seed: string;
  /** `$ref`s being expanded, outermost first. */
  readonly refs: string[];
  depth: number;
}

// Past this depth (recursive schemas) generation takes the shortest way out: no optional
// properties, `minItems` items, null where allowed.
const minimalDepth = 12;
const giveUpDepth = 48;

/**
 * Generates a value that validates against `schema`.
 *
 * @since 0.1.0
 *
 * @example
 * jsonFromSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   { text: 'Weather in "Paris"?' }); // { city: 'Paris' }
 */
export function jsonFromSchema(schema: unknown, options?: JsonFromSchemaOptions): unknown {
  const generation: Generation = { root: schema, seed: options?.text ?? '', refs: [], depth: 0 };
  return generate(schema, generation, { key: '', index: 0 });
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMinimal(g: Generation): boolean {
  return g.depth > minimalDepth || new Set(g.refs).size < g.refs.length;
}

function generate(schema: unknown, g: Generation, hint: LeafHint): unknown {
  if (!isObject(schema)) return schema === false ? null : sampleString({}, hint, g.seed);
  if (g.depth > giveUpDepth) return null;
  if (typeof schema['$ref'] === 'string') return generateRef(schema, schema['$ref'], g, hint);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) {
    return schema['enum'][hint.index % schema['enum'].length];
  }
  if (Array.isArray(schema['allOf']) && schema['allOf'].length > 0) {
    return generate(mergeAllOf(schema, g), g, hint);
  }
  const branches = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(branches) && branches.length > 0) {
    const { anyOf: _a, oneOf: _o, ...rest } = schema;
    const branch: unknown = chooseBranch(branches, g);
    return generate(isObject(branch) ? { ...rest, ...branch } : branch, g, hint);
  }
  return generateTyped(schema, chooseType(schema, g), g, hint);
}

function generateRef(schema: SchemaObject, ref: string, g: Generation, hint: LeafHint): unknown {
  const target = resolveRef(g.root, ref);
  if (target === undefined) return sampleString({}, hint, g.seed);
  const { $ref: _ref, ...siblings } = schema;
  const merged =
    isObject(target) && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  g.refs.push(ref);
  try {
    return generate(merged, g, hint);
  } finally {
    g.refs.pop();
  }
}

/** Resolves a local JSON pointer reference such as `#/$defs/Address`. */
export function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = ref.slice(1);
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function chooseBranch(branches: readonly unknown[], g: Generation): unknown {
  if (!isMinimal(g)) return branches[0];
  // On the way out of a recursion prefer a branch that cannot recurse again.
  const isNull = (b: unknown) => isObject(b) && (b['type'] === 'null' || b['const'] === null);
  const isPlain = (b: unknown) => isObject(b) && !JSON.stringify(b).includes('"$ref"');
  return branches.find(isNull) ?? branches.find(isPlain) ?? branches[0];
}

function chooseType(schema: SchemaObject, g: Generation): string {
  const declared = schema['type'];
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared) && declared.length > 0) {
    const types = declared.filter((t): t is string => typeof t === 'string');
    // A nullable field is more informative filled in, except when escaping a recursion.
    if (isMinimal(g) && types.includes('null')) return 'null';
    return types.find((t) => t !== 'null') ?? 'null';
  }
  if ('properties' in schema || 'required' in schema || 'additionalProperties' in schema)
    return 'object';
  if ('items' in schema || 'prefixItems' in schema || 'minItems' in schema) return 'array';
  if ('minimum' in schema || 'maximum' in schema || 'multipleOf' in schema) return 'number';
  return 'string';
}

function generateTyped(schema: SchemaObject, type: string, g: Generation, hint: LeafHint): unknown {
  switch (type) {
    case 'object':
      return nested(g, () => generateObject(schema, g, hint.index));
    case 'array':
      return nested(g, () => generateArray(schema, g, hint));
    case 'integer':
      return sampleNumber(schema, true, hint.index);
    case 'number':
      return sampleNumber(schema, false, hint.index);
    case 'boolean':
      return hint.index % 2 === 0;
    case 'null':
      return null;
    default:
      return sampleString(schema, hint, g.seed);
  }
}

function nested<T>(g: Generation, build: () => T): T {
  g.depth += 1;
  try {
    return build();
  } finally {
    g.depth -= 1;
  }
}

// `index` carries an array position into the object so sibling items differ (uniqueItems).
function generateObject(
  schema: SchemaObject,
  g: Generation,
  index: number,
): Record<string, unknown> {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required'])
    ? schema['required'].filter((k): k is string => typeof k === 'string')
    : [];
  const keys = isMinimal(g) ? required : [...new Set([...Object.keys(properties), ...required])];
  const extra = schema['additionalProperties'];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const propertySchema = Object.hasOwn(properties, key)
      ? properties[key]
      : isObject(extra)
        ? extra
        : {};
    out[key] = generate(propertySchema, g, { key, index });
  }
  return out;
}

function generateArray(schema: SchemaObject, g: Generation, hint: LeafHint): unknown[] {
  const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const maxItems =
    typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Number.POSITIVE_INFINITY;
  // Draft 2020 tuples use prefixItems + items; draft 7 tuples use an items array + additionalItems.
  const tuple = Array.isArray(schema['prefixItems'])
    ? schema['prefixItems']
    : Array.isArray(schema['items'])
      ? schema['items']
      : [];
  const rest: unknown = Array.isArray(schema['items'])
    ? schema['additionalItems']
    : schema['items'];
  const wanted = isMinimal(g) ? minItems : Math.max(minItems, tuple.length, 1);
  const count = Math.min(wanted, maxItems);
  const itemKey = singular(hint.key) || 'item';
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const itemSchema: unknown = i < tuple.length ? tuple[i] : (rest ?? {});
    if (itemSchema === false) break;
    out.push(generate(itemSchema, g, { key: itemKey, index: i }));
  }
  return out;
}

function mergeAllOf(schema: SchemaObject, g: Generation): SchemaObject {
  const { allOf, ...rest } = schema;
  const parts = [rest, ...(allOf as unknown[])].map((part) =>
    isObject(part) && typeof part['$ref'] === 'string' ? resolveRef(g.root, part['$ref']) : part,
  );
  let properties: Record<string, unknown> = {};
  let required: unknown[] = [];
  let merged: Record<string, unknown> = {};
  for (const part of parts) {
    if (!isObject(part)) continue;
    merged = { ...merged, ...part };
    if (isObject(part['properties'])) properties = { ...properties, ...part['properties'] };
    if (Array.isArray(part['required'])) required = [...required, ...part['required']];
  }
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  if (required.length > 0) merged['required'] = [...new Set(required)];
  return merged;
}

/** A small object for `text.format: json_object`, built from the user's text and the turn. */
export function jsonObjectAnswer(text: string, turn: number): Record<string, unknown> {
  return { answer: text === '' ? 'Hello!' : `You said: ${text}`, turn };
}
