/**
 * `{{ path }}` templates: values are looked up by path in the workflow scope; nothing is executed.
 * A string that is exactly one template yields the value itself (a number stays a number); other
 * strings get each value interpolated (strings as they are, anything else as JSON).
 *
 * @module
 */

const templatePattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
const pathPattern = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+|\[\d+\])*$/;

/** A path read by a template or an expression: `steps.classify.output.category` → its segments. */
export interface Reference {
  readonly segments: readonly string[];
  /** The path as written. */
  readonly text: string;
}

/** Splits a template path into segments, or returns undefined when it is not a plain path. */
export function parsePath(path: string): readonly string[] | undefined {
  if (!pathPattern.test(path)) return undefined;
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

/** Reads a path from a value; undefined when any segment is missing. */
export function lookup(scope: unknown, segments: readonly string[]): unknown {
  let current: unknown = scope;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Every template path in a string, with the ones that are not plain paths. */
export function templatePaths(text: string): {
  readonly refs: Reference[];
  readonly invalid: string[];
} {
  const refs: Reference[] = [];
  const invalid: string[] = [];
  for (const match of text.matchAll(templatePattern)) {
    const path = match[1] ?? '';
    const segments = parsePath(path);
    if (segments === undefined) invalid.push(path);
    else refs.push({ segments, text: path });
  }
  return { refs, invalid };
}

/** Every template path in a JSON value (strings anywhere inside it). */
export function valueTemplatePaths(value: unknown): {
  readonly refs: Reference[];
  readonly invalid: string[];
} {
  const refs: Reference[] = [];
  const invalid: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const found = templatePaths(v);
      refs.push(...found.refs);
      invalid.push(...found.invalid);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(value);
  return { refs, invalid };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders a template string. */
export function renderString(text: string, scope: unknown): unknown {
  const whole = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(text);
  if (whole !== null) {
    const segments = parsePath(whole[1] ?? '');
    return segments === undefined ? text : (lookup(scope, segments) ?? null);
  }
  return text.replace(templatePattern, (all, path: string) => {
    const segments = parsePath(path);
    return segments === undefined ? all : stringify(lookup(scope, segments));
  });
}

/** Renders every template string inside a JSON value. */
export function renderValue(value: unknown, scope: unknown): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  }
  return value;
}

/** Renders a template as text (a whole-string template of a non-string value becomes JSON). */
export function renderText(text: string, scope: unknown): string {
  return stringify(renderString(text, scope));
}
