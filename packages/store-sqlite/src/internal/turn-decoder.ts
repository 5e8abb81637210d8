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

function timingsOf(row: RawTurnRow): TurnTimings {
  const timings: { -readonly [K in keyof TurnTimings]: TurnTimings[K] } = {
    createdAt: row.created_at,
  };
  if (row.started_at !== null) timings.startedAt = row.started_at;
  if (row.first_token_at !== null) timings.firstTokenAt = row.first_token_at;
  if (row.completed_at !== null) timings.completedAt = row.completed_at;
  return timings;
}

/** A turn from its raw row; keys in the order of the domain type, values deep-equal to what was written. */
export function decodeTurn(row: RawTurnRow): Turn {
  const turn = {
    id: row.id,
    conversationId: row.conversation_id,
    parentId: row.parent_id,
    depth: row.depth,
  } as Record<string, unknown>;
  defineLazyJson(turn, 'request', row.request);
  turn['responseId'] = row.response_id;
  turn['status'] = row.status;
  defineLazyJson(turn, 'output', row.output);
  turn['partial'] = row.partial !== 0;
  defineLazyJson(turn, 'usage', row.usage);
  turn['timings'] = timingsOf(row);
  turn['contextStrategy'] = row.context_strategy;
  turn['executionStrategy'] = row.execution_strategy;
  turn['fallback'] = row.fallback === null ? null : JSON.parse(row.fallback);
  turn['error'] = row.error === null ? null : JSON.parse(row.error);
  turn['incompleteReason'] = row.incomplete_reason;
  return turn as unknown as Turn;
}
