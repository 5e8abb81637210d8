/**
 * A small structural check of a value against a plain JSON Schema, for tools and outputs defined
 * with a raw JSON Schema instead of zod. It is not a full validator: it checks `type`, `enum`,
 * `const`, `properties`/`required`/`additionalProperties`, `items`, `anyOf`/`oneOf`/`allOf`, local
 * `$ref`s, number bounds, string length and `pattern`, and array length. Other keywords pass.
 *
 * @module
 */
import { formatPath } from './format-issues.js';
import type { JsonSchema } from './strict-json-schema.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Walk {
  readonly root: JsonSchema;
  readonly issues: string[];
  depth: number;
}

function resolve(node: Record<string, unknown>, root: JsonSchema): unknown {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match ? root[match[1] as string] : undefined;
  return match && isRecord(defs) ? defs[decodeURIComponent(match[2] as string)] : undefined;
}

function check(value: unknown, schema: unknown, path: PropertyKey[], walk: Walk): void {
  if (walk.depth > 128 || schema === true || schema === undefined) return;
  if (schema === false || !isRecord(schema)) {
    walk.issues.push(`${formatPath(path)}: not allowed`);
    return;
  }
  const node = resolve(schema, walk.root);
  if (node !== schema) {
    walk.depth++;
    check(value, node, path, walk);
    walk.depth--;
    return;
  }
  const at = formatPath(path);
  const problems = walk.issues;
  const type = schema['type'];
  if (type !== undefined) {
    const types = (Array.isArray(type) ? type : [type]) as string[];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) {
      problems.push(
        `${at}: expected ${types.join(' | ')}, received ${value === undefined ? 'nothing' : actual}`,
      );
      return;
    }
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].some((option) => sameJson(option, value))) {
    problems.push(
      `${at}: expected one of ${schema['enum'].map((o) => JSON.stringify(o)).join(' | ')}`,
    );
  }
  if ('const' in schema && !sameJson(schema['const'], value)) {
    problems.push(`${at}: expected ${JSON.stringify(schema['const'])}`);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const fits = branches.some((branch) => {
      const trial: Walk = { root: walk.root, issues: [], depth: walk.depth + 1 };
      check(value, branch, path, trial);
      return trial.issues.length === 0;
    });
    if (!fits) problems.push(`${at}: matches none of the allowed shapes`);
  }
  if (Array.isArray(schema['allOf'])) {
    for (const part of schema['allOf']) check(value, part, path, walk);
  }
  if (typeof value === 'number') {
    const min = schema['minimum'];
    const max = schema['maximum'];
    if (typeof min === 'number' && value < min) problems.push(`${at}: must be >= ${min}`);
    if (typeof max === 'number' && value > max) problems.push(`${at}: must be <= ${max}`);
  }
  if (typeof value === 'string') {
    const min = schema['minLength'];
    const max = schema['maxLength'];
    const pattern = schema['pattern'];
    if (typeof min === 'number' && value.length < min)
      problems.push(`${at}: must have at least ${min} characters`);
    if (typeof max === 'number' && value.length > max)
      problems.push(`${at}: must have at most ${max} characters`);
    if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(value)) {
      problems.push(`${at}: must match /${pattern}/`);
    }
  }
  if (Array.isArray(value)) {
    const min = schema['minItems'];
    const max = schema['maxItems'];
    if (typeof min === 'number' && value.length < min)
      problems.push(`${at}: must have at least ${min} items`);
    if (typeof max === 'number' && value.length > max)
      problems.push(`${at}: must have at most ${max} items`);
    if (isRecord(schema['items'])) {
      walk.depth++;
      value.forEach((item, i) => check(item, schema['items'], [...path, i], walk));
      walk.depth--;
    }
  }
  if (isRecord(value)) {
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
    for (const key of required) {
      if (typeof key === 'string' && !(key in value))
        problems.push(`${formatPath([...path, key])}: missing`);
    }
    walk.depth++;
    for (const [key, item] of Object.entries(value)) {
      if (key in properties) check(item, properties[key], [...path, key], walk);
      else if (schema['additionalProperties'] === false)
        problems.push(`${at}: unexpected key ${JSON.stringify(key)}`);
      else if (isRecord(schema['additionalProperties']))
        check(item, schema['additionalProperties'], [...path, key], walk);
    }
    walk.depth--;
  }
}

/**
 * Checks `value` against `schema` and returns `path: problem` lines; empty when it fits.
 *
 * @example
 * checkJsonSchema({ n: 'x' }, { type: 'object', properties: { n: { type: 'number' } } });
 * // ['n: expected number, received string']
 */
export function checkJsonSchema(value: unknown, schema: JsonSchema): string[] {
  const walk: Walk = { root: schema, issues: [], depth: 0 };
  check(value, schema, [], walk);
  return walk.issues;
}
