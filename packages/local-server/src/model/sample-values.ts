/** Readable, deterministic leaf values (strings and numbers) for schema-driven JSON. */
import { sampleForPattern } from './sample-pattern.js';

/** Where a leaf sits: the property it belongs to and its position in an array. */
export interface LeafHint {
  /** Nearest property name, `''` at the top. */
  readonly key: string;
  /** Position inside an array (0 elsewhere); varied so `uniqueItems` holds. */
  readonly index: number;
}

const formatSamples: Readonly<Record<string, string>> = {
  'date-time': '2025-01-01T12:00:00Z',
  date: '2025-01-01',
  time: '12:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  'iri-reference': 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  'json-pointer': '/example',
  'relative-json-pointer': '0',
  regex: '^example$',
  byte: 'ZXhhbXBsZQ==',
};

/** `userName` / `user_name` → `User name`. */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.length === 0 ? '' : words[0]?.toUpperCase() + words.slice(1);
}

/** `tags` → `tag`, so array items read naturally. */
export function singular(key: string): string {
  return key.length > 3 && key.endsWith('s') && !key.endsWith('ss') ? key.slice(0, -1) : key;
}

/** The first quoted phrase in `text` ("Paris", 'Paris' or “Paris”), used as-is for string values. */
export function quotedPhrase(text: string): string | undefined {
  const found = /"([^"\n]{1,60})"|“([^”\n]{1,60})”|(?:^|\s)'([^'\n]{1,60})'/.exec(text);
  const phrase = found?.[1] ?? found?.[2] ?? found?.[3];
  return phrase?.trim() === '' ? undefined : phrase?.trim();
}

/** At most `max` characters of `text` on one line, cut at a word boundary with `…`. */
export function snippet(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (codePoints(flat) <= max) return flat;
  const cut = Array.from(flat)
    .slice(0, max - 1)
    .join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > max / 2 ? atWord : cut}…`;
}

/** Length in code points, as JSON Schema counts `minLength`/`maxLength`. */
export function codePoints(text: string): number {
  return Array.from(text).length;
}

/** A string for `schema` (a string schema), derived from the key and the user's text. */
export function sampleString(
  schema: Readonly<Record<string, unknown>>,
  hint: LeafHint,
  seed: string,
): string {
  const format = typeof schema['format'] === 'string' ? formatSamples[schema['format']] : undefined;
  const base = format ?? readableString(hint, seed);
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength =
    typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Number.POSITIVE_INFINITY;
  const fit = (text: string): string => fitLength(text, minLength, maxLength);
  const pattern = typeof schema['pattern'] === 'string' ? safeRegex(schema['pattern']) : undefined;
  if (pattern === undefined) return fit(base);
  // Patterns cannot be inverted in general; try a few plain candidates and keep the first that fits.
  const fromPattern = sampleForPattern(String(schema['pattern']));
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const candidates = [
    base,
    ...(fromPattern === undefined ? [] : [fromPattern]),
    slug,
    'example',
    'a',
    'A',
    '0',
  ];
  for (const candidate of candidates) {
    for (const text of [
      fit(candidate),
      fitLength(candidate, minLength, maxLength, candidate.at(-1)),
    ]) {
      if (pattern.test(text)) return text;
    }
  }
  return fit(base);
}

function readableString(hint: LeafHint, seed: string): string {
  const suffix = hint.index > 0 ? ` ${hint.index + 1}` : '';
  const quoted = quotedPhrase(seed);
  if (quoted !== undefined) return quoted + suffix;
  const label = humanise(hint.key) || 'Answer';
  const about = snippet(seed);
  return about === '' ? `Example ${label.toLowerCase()}${suffix}` : `${label}${suffix}: ${about}`;
}

function fitLength(text: string, min: number, max: number, pad = '.'): string {
  let chars = Array.from(text);
  if (chars.length > max) chars = chars.slice(0, max);
  while (chars.length < min) chars.push(pad);
  return chars.join('');
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

/** A number for a number/integer schema: small (`1`, `2`, … by array position) and within every bound. */
export function sampleNumber(
  schema: Readonly<Record<string, unknown>>,
  integer: boolean,
  index: number,
): number {
  const num = (key: string): number | undefined => {
    const value = schema[key];
    return typeof value === 'number' ? value : undefined;
  };
  let min = num('minimum') ?? Number.NEGATIVE_INFINITY;
  let max = num('maximum') ?? Number.POSITIVE_INFINITY;
  // Draft 2019+: exclusive bounds are numbers; draft 4: booleans qualifying minimum/maximum.
  let minExclusive = schema['exclusiveMinimum'] === true;
  let maxExclusive = schema['exclusiveMaximum'] === true;
  const exMin = num('exclusiveMinimum');
  if (exMin !== undefined && exMin >= min) [min, minExclusive] = [exMin, true];
  const exMax = num('exclusiveMaximum');
  if (exMax !== undefined && exMax <= max) [max, maxExclusive] = [exMax, true];
  const multipleOf = num('multipleOf');
  const step = multipleOf !== undefined && multipleOf > 0 ? multipleOf : integer ? 1 : undefined;

  const aboveMin = (v: number) => (minExclusive ? v > min : v >= min);
  const belowMax = (v: number) => (maxExclusive ? v < max : v <= max);
  let value = 1 + index;
  if (step !== undefined) value = roundTo(Math.ceil(value / step) * step, step);
  if (!aboveMin(value)) {
    if (step === undefined)
      value = minExclusive ? (Number.isFinite(max) ? (min + max) / 2 : min + 1) : min;
    else {
      value = roundTo(Math.ceil(min / step) * step, step);
      if (!aboveMin(value)) value = roundTo(value + step, step);
    }
  }
  if (!belowMax(value)) {
    if (step === undefined)
      value = maxExclusive ? (Number.isFinite(min) ? (min + max) / 2 : max - 1) : max;
    else {
      value = roundTo(Math.floor(max / step) * step, step);
      if (!belowMax(value)) value = roundTo(value - step, step);
    }
  }
  return integer && !Number.isInteger(value) ? Math.ceil(value) : value;
}

// Keeps 0.1 * 3 from becoming 0.30000000000000004, which would fail `multipleOf: 0.1`.
function roundTo(value: number, step: number): number {
  const [mantissa = '', exponent = '0'] = String(step).split('e-');
  const decimals = (mantissa.split('.')[1] ?? '').length + Number(exponent);
  return Number(value.toFixed(Math.min(decimals, 20)));
}
