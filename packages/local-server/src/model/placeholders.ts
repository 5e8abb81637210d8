/** `{{input}}`-style placeholders in script replies. */
import { placeholderNames } from './script.js';
import type { PlaceholderName } from './script.js';

/** The values placeholders stand for in one request. */
export type PlaceholderValues = Readonly<Record<PlaceholderName, string>>;

const placeholder = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

/** Names used in `template` that are not placeholders (typos such as `{{imput}}`). */
export function unknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(placeholder)].map((m) => m[1] ?? '');
  return names.filter((name) => !(placeholderNames as readonly string[]).includes(name));
}

/** Replaces every known placeholder in `template`; anything else is left as written. */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(placeholder, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as PlaceholderName] : whole,
  );
}

/** Fills placeholders in every string inside a JSON-like value (keys are left alone). */
export function fillPlaceholdersDeep(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === 'string') return fillPlaceholders(value, values);
  if (Array.isArray(value)) return value.map((entry) => fillPlaceholdersDeep(entry, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, fillPlaceholdersDeep(entry, values)]),
    );
  }
  return value;
}

/** Every string inside a JSON-like value, with its dotted path (for validation messages). */
export function stringsWithin(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value))
    return value.flatMap((entry, i) => stringsWithin(entry, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, entry]) => stringsWithin(entry, `${path}.${key}`));
  }
  return [];
}
