/**
 * Small path-aware checks for hand-written validation. Hand-written rather than a JSON schema so each
 * error names the exact dotted path and says in words what belongs there.
 */
import { ScriptError } from './script-error.js';

/** A plain JSON-like object. */
export type Fields = Readonly<Record<string, unknown>>;

/** `a.b` or `a[0]`, with the root spelled as the empty string. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Throws a {@link ScriptError} for `path`. */
export function fail(path: string, problem: string): never {
  throw new ScriptError(path, problem);
}

/** Describes a value for "got …" in messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose keys are all among `allowed` (typos are errors, not silently ignored). */
export function fieldsAt(
  value: unknown,
  path: string,
  allowed: readonly string[],
  what: string,
): Fields {
  if (!isFields(value)) fail(path, `expected ${what}, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      fail(at(path, key), `unknown key; expected one of ${allowed.join(', ')}`);
    }
  }
  return value;
}

/** YAML writes an empty value as null; treat it like an absent key. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function stringAt(value: unknown, path: string, options?: { nonEmpty?: boolean }): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  if (options?.nonEmpty === true && value.length === 0) fail(path, 'expected a non-empty string');
  return value;
}

export function booleanAt(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function integerAt(
  value: unknown,
  path: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    fail(path, `expected an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

export function numberAt(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(path, `expected a number >= ${min}, got ${describe(value)}`);
  }
  return value;
}

export function arrayAt(
  value: unknown,
  path: string,
  options?: { nonEmpty?: boolean },
): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (options?.nonEmpty === true && value.length === 0) fail(path, 'expected at least one entry');
  return value;
}

export function oneOfAt<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail(path, `expected one of ${choices.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * Builds an object from checked optional fields, leaving out absent ones so the result satisfies
 * `exactOptionalPropertyTypes` and never carries YAML nulls.
 */
export function definedOnly<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** Runs `check` on `fields[key]` unless it is absent. */
export function optional<T>(
  fields: Fields,
  key: string,
  path: string,
  check: (value: unknown, path: string) => T,
): T | undefined {
  const value = fields[key];
  return isAbsent(value) ? undefined : check(value, at(path, key));
}
