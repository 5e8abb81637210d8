import * as fc from 'fast-check';

/** Any JSON-representable value, small. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), {
    maxKeys: 3,
  }),
);

/** Mostly `valid`, sometimes junk of any type. */
export const validOrJunk = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junk, weight: 1 });

/** A JSON document whose values at random paths were replaced with junk or removed. */
export function mutateJson(base: unknown): fc.Arbitrary<unknown> {
  const paths = jsonPaths(base);
  const mutation = fc.record({
    path: fc.constantFrom(...paths),
    action: fc.constantFrom('replace', 'delete', 'add-key'),
    value: junk,
    key: fc.string({ maxLength: 10 }),
  });
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    const copy = structuredClone(base);
    let doc: unknown = copy;
    for (const m of mutations) doc = applyMutation(doc, m);
    return doc;
  });
}

type Path = readonly (string | number)[];

function jsonPaths(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => jsonPaths(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => jsonPaths(v, [...at, k]))];
  }
  return here;
}

function applyMutation(
  doc: unknown,
  m: { path: Path; action: string; value: unknown; key: string },
): unknown {
  if (m.path.length === 0) return m.action === 'replace' ? m.value : doc;
  let parent: unknown = doc;
  for (const step of m.path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return doc;
    parent = (parent as Record<string | number, unknown>)[step];
  }
  if (typeof parent !== 'object' || parent === null) return doc;
  const container = parent as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1] as string | number;
  if (m.action === 'replace') container[last] = m.value;
  else if (m.action === 'delete') {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else if (!Array.isArray(container)) container[m.key] = m.value;
  return doc;
}

/** Text with a few bytes cut, repeated or replaced: how files and streams get damaged. */
export function mutateText(base: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: Math.max(0, base.length - 1) }),
    length: fc.nat({ max: 40 }),
    action: fc.constantFrom('cut', 'repeat', 'insert', 'truncate'),
    insert: fc.string({ maxLength: 12, unit: 'binary' }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let text = base;
    for (const e of edits) {
      const at = Math.min(e.at, text.length);
      if (e.action === 'cut') text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.action === 'repeat') text = text.slice(0, at + e.length) + text.slice(at);
      else if (e.action === 'insert') text = text.slice(0, at) + e.insert + text.slice(at);
      else text = text.slice(0, at);
    }
    return text;
  });
}
