/**
 * Turns from raw `turns` rows (SQL column names), decoded by hand: the JSON of `request`, `output`
 * and `usage` — nearly all of a turn's bytes — is parsed the first time each is read, so reading a
 * 10,000-turn chain does not parse what its reader never looks at.
 *
 * @module
 */
import type { Turn, TurnTimings } from '@weft/core';

/** A `turns` row as SQLite returns it for `SELECT turns.*`. */
export interface RawTurnRow {
  readonly id: string;
  readonly conversation_id: string;
  readonly parent_id: string | null;
  readonly depth: number;
  readonly request: string;
  readonly response_id: string | null;
  readonly status: Turn['status'];
  readonly output: string;
  readonly partial: number;
  readonly usage: string | null;
  readonly created_at: number;
  readonly started_at: number | null;
  readonly first_token_at: number | null;
  readonly completed_at: number | null;
  readonly context_strategy: Turn['contextStrategy'];
  readonly execution_strategy: Turn['executionStrategy'];
  readonly fallback: string | null;
  readonly error: string | null;
  readonly incomplete_reason: string | null;
}

/**
 * Makes `key` of `target` an enumerable property whose value is `JSON.parse(text)` (or `null`
 * for SQL `NULL`), parsed on first read and then kept as a plain writable value. Spreading,
 * `JSON.stringify` and deep equality see it as an ordinary property.
 */
export function defineLazyJson(target: object, key: string, text: string | null): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): unknown {
      const value: unknown = text === null ? null : JSON.parse(text);
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  });
}

/** The columns of a `turns` row in the order {@link decodeTurnValues} reads them. */
export const turnColumnOrder = [
  'id',
  'conversation_id',
  'parent_id',
  'depth',
  'request',
  'response_id',
  'status',
  'output',
  'partial',
  'usage',
  'created_at',
  'started_at',
  'first_token_at',
  'completed_at',
  'context_strategy',
  'execution_strategy',
  'fallback',
  'error',
  'incomplete_reason',
] as const satisfies readonly (keyof RawTurnRow)[];

/** A `turns` row as an array of values in {@link turnColumnOrder} (a `.raw()` statement). */
export type RawTurnValues = readonly [
  id: RawTurnRow['id'],
  conversationId: RawTurnRow['conversation_id'],
  parentId: RawTurnRow['parent_id'],
  depth: RawTurnRow['depth'],
  request: RawTurnRow['request'],
  responseId: RawTurnRow['response_id'],
  status: RawTurnRow['status'],
  output: RawTurnRow['output'],
  partial: RawTurnRow['partial'],
  usage: RawTurnRow['usage'],
  createdAt: RawTurnRow['created_at'],
  startedAt: RawTurnRow['started_at'],
  firstTokenAt: RawTurnRow['first_token_at'],
  completedAt: RawTurnRow['completed_at'],
  contextStrategy: RawTurnRow['context_strategy'],
  executionStrategy: RawTurnRow['execution_strategy'],
  fallback: RawTurnRow['fallback'],
  error: RawTurnRow['error'],
  incompleteReason: RawTurnRow['incomplete_reason'],
];

function timingsOf(
  createdAt: number,
  startedAt: number | null,
  firstTokenAt: number | null,
  completedAt: number | null,
): TurnTimings {
  const timings: { -readonly [K in keyof TurnTimings]: TurnTimings[K] } = { createdAt };
  if (startedAt !== null) timings.startedAt = startedAt;
  if (firstTokenAt !== null) timings.firstTokenAt = firstTokenAt;
  if (completedAt !== null) timings.completedAt = completedAt;
  return timings;
}

/** The JSON texts of a decoded turn's lazy fields, until each is first read. */
const lazyTexts = new WeakMap<object, readonly [string, string, string | null]>();

/** Replaces the accessor of `key` on `target` by a plain data property holding `value`. */
function settle(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Accessors shared by every decoded turn (no closures per turn): the first read parses the JSON
 * kept in {@link lazyTexts} and settles the value; a write settles the written value.
 */
const lazyTurnFields: PropertyDescriptorMap = Object.fromEntries(
  (['request', 'output', 'usage'] as const).map((key, index) => [
    key,
    {
      enumerable: true,
      configurable: true,
      get(this: object): unknown {
        const text = lazyTexts.get(this)?.[index] ?? null;
        const value: unknown = text === null ? null : JSON.parse(text);
        settle(this, key, value);
        return value;
      },
      set(this: object, value: unknown) {
        settle(this, key, value);
      },
    },
  ]),
);

/**
 * A turn from the values of its row in {@link turnColumnOrder}; keys in the order of the domain
 * type, values deep-equal to what was written. `request`, `output` and `usage` are parsed on first
 * read.
 */
export function decodeTurnValues(v: RawTurnValues): Turn {
  const turn = {
    id: v[0],
    conversationId: v[1],
    parentId: v[2],
    depth: v[3],
    request: undefined,
    responseId: v[5],
    status: v[6],
    output: undefined,
    partial: v[8] !== 0,
    usage: undefined,
    timings: timingsOf(v[10], v[11], v[12], v[13]),
    contextStrategy: v[14],
    executionStrategy: v[15],
    fallback: v[16] === null ? null : (JSON.parse(v[16]) as unknown),
    error: v[17] === null ? null : (JSON.parse(v[17]) as unknown),
    incompleteReason: v[18],
  };
  lazyTexts.set(turn, [v[4], v[7], v[9]]);
  Object.defineProperties(turn, lazyTurnFields);
  return turn as unknown as Turn;
}

/** A turn from its raw row (see {@link decodeTurnValues}). */
export function decodeTurn(row: RawTurnRow): Turn {
  return decodeTurnValues([
    row.id,
    row.conversation_id,
    row.parent_id,
    row.depth,
    row.request,
    row.response_id,
    row.status,
    row.output,
    row.partial,
    row.usage,
    row.created_at,
    row.started_at,
    row.first_token_at,
    row.completed_at,
    row.context_strategy,
    row.execution_strategy,
    row.fallback,
    row.error,
    row.incomplete_reason,
  ]);
}
