/**
 * Structured diffs of two JSON documents (recorded vs current), made with jsondiffpatch, with
 * word or line diffs (from `diff`) for long strings.
 *
 * @module
 */
import { diffWords, formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import { create, type Delta } from 'jsondiffpatch';
import type { Json } from './normalize-request.js';

/** One differing field. */
export interface RequestChange {
  /** Where: `instructions`, `input[2].content[0].text`, `tools[0].parameters.required`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed' | 'moved';
  /** The recorded value (absent for `added`). */
  readonly recorded?: Json | undefined;
  /** The value sent now (absent for `removed`). */
  readonly current?: Json | undefined;
  /** For long or multi-line strings: a word diff (`[-old-]{+new+}`) or a unified line diff. */
  readonly textDiff?: string | undefined;
}

/** The diff of two documents: the jsondiffpatch delta and the changes read from it. */
export interface JsonDiff {
  /** The raw jsondiffpatch delta (undefined when equal); feed it to jsondiffpatch's formatters. */
  readonly delta: Delta;
  readonly changes: readonly RequestChange[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Items with an id or call id match by it; others by type, role and position. */
function itemHash(item: object, index?: number): string | undefined {
  const loose = item as Record<string, unknown>;
  const type = typeof loose['type'] === 'string' ? loose['type'] : 'value';
  if (typeof loose['call_id'] === 'string') return `${type}:call:${loose['call_id']}`;
  if (typeof loose['id'] === 'string') return `${type}:id:${loose['id']}`;
  if (typeof loose['name'] === 'string') return `${type}:name:${loose['name']}`;
  const role = typeof loose['role'] === 'string' ? loose['role'] : '';
  return `${type}:${role}:${index ?? 0}`;
}

const differ = create({
  objectHash: itemHash,
  arrays: { detectMove: true, includeValueOnMove: false },
  cloneDiffValues: true,
});

const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;

/**
 * A readable text diff of two strings, or `undefined` when both are short single lines (the two
 * values say it all then). Multi-line text gets a unified line diff, long lines a word diff.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * textDiff('The weather is sunny in Paris.', 'The weather is rainy in Paris.'); // "The weather is [-sunny-]{+rainy+} in Paris."
 * ```
 */
export function textDiff(recorded: string, current: string): string | undefined {
  if (recorded.includes('\n') || current.includes('\n')) {
    // A final newline on both sides keeps `\ No newline at end of file` out of the diff.
    const patch = structuredPatch(
      'recorded',
      'current',
      `${recorded}\n`,
      `${current}\n`,
      undefined,
      undefined,
      {
        context: 2,
      },
    );
    return formatPatch(patch, OMIT_HEADERS).trimEnd();
  }
  if (recorded.length < 24 && current.length < 24) return undefined;
  return diffWords(recorded, current)
    .map((part) =>
      part.added ? `{+${part.value}+}` : part.removed ? `[-${part.value}-]` : part.value,
    )
    .join('');
}

function modified(path: string, recorded: unknown, current: unknown): RequestChange {
  const text =
    typeof recorded === 'string' && typeof current === 'string'
      ? textDiff(recorded, current)
      : undefined;
  return {
    path,
    kind: 'changed',
    recorded: recorded as Json,
    current: current as Json,
    ...(text === undefined ? {} : { textDiff: text }),
  };
}

/** Reads the changes out of a jsondiffpatch delta, depth first, in key order. */
function collect(delta: Delta, path: string, out: RequestChange[]): void {
  if (delta === undefined) return;
  const node: unknown = delta;
  if (Array.isArray(node)) {
    const entry = node as readonly unknown[];
    if (entry.length === 1) out.push({ path, kind: 'added', current: entry[0] as Json });
    else if (entry.length === 2) out.push(modified(path, entry[0], entry[1]));
    else if (entry[2] === 0) out.push({ path, kind: 'removed', recorded: entry[0] as Json });
    else if (entry[2] === 3)
      out.push({ path, kind: 'moved', current: `to index ${String(entry[1])}` });
    else if (entry[2] === 2) out.push({ path, kind: 'changed', textDiff: String(entry[0]) });
    return;
  }
  if (!isRecord(node)) return;
  const isArray = node['_t'] === 'a';
  const keys = Object.keys(node).filter((k) => k !== '_t');
  if (isArray) {
    // `_n` keys index the recorded array (removed, moved), `n` keys the current one.
    const indexOf = (k: string): number => Number(k.startsWith('_') ? k.slice(1) : k);
    keys.sort((a, b) => indexOf(a) - indexOf(b) || (a.startsWith('_') ? -1 : 1));
    for (const key of keys) collect(node[key] as Delta, joinPath(path, indexOf(key)), out);
    return;
  }
  for (const key of keys) collect(node[key] as Delta, joinPath(path, key), out);
}

/**
 * Diffs two JSON documents. Array items with an `id`, `call_id` or `name` are matched by it (a
 * function output is compared with the output of the same call), others by type, role and
 * position, so an edited message shows as a change of its text rather than as a removal and an
 * addition.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const { changes } = diffJson({ instructions: 'Be brief.' }, { instructions: 'Be verbose.' });
 * // [{ path: 'instructions', kind: 'changed', recorded: 'Be brief.', current: 'Be verbose.' }]
 * ```
 */
export function diffJson(recorded: Json, current: Json): JsonDiff {
  const delta = differ.diff(recorded, current);
  const changes: RequestChange[] = [];
  collect(delta, '', changes);
  return { delta, changes };
}

const show = (value: Json | undefined): string => {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};

/**
 * The changes as readable lines: `~ instructions: "Be brief." → "Be verbose."`, `+ tools[1]: {…}`,
 * `- input[3]: {…}`, with an indented text diff under long strings.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * console.log(formatChanges(diffJson(a, b).changes));
 * ```
 */
export function formatChanges(changes: readonly RequestChange[]): string {
  const lines: string[] = [];
  for (const change of changes) {
    const at = change.path === '' ? '(whole request)' : change.path;
    switch (change.kind) {
      case 'added':
        lines.push(`+ ${at}: ${show(change.current)} (not recorded)`);
        break;
      case 'removed':
        lines.push(`- ${at}: ${show(change.recorded)} (recorded, not sent now)`);
        break;
      case 'moved':
        lines.push(`> ${at}: moved ${String(change.current)}`);
        break;
      case 'changed':
        if (change.recorded === undefined && change.current === undefined) {
          lines.push(`~ ${at}: changed`);
        } else {
          lines.push(`~ ${at}: recorded ${show(change.recorded)} → now ${show(change.current)}`);
        }
        break;
    }
    if (change.textDiff !== undefined) {
      lines.push(...change.textDiff.split('\n').map((l) => `    ${l}`));
    }
  }
  return lines.join('\n');
}
