/**
 * The hand-written turn statements: appending a batch of events and completing a turn, each one
 * statement that also notifies `weft_turn_events` (delivered on commit) so readers in other
 * processes wake up.
 *
 * @module
 */
import type { TurnEvent, TurnResult } from '@weft/core';
import { sql, type SQL } from 'drizzle-orm';
import { turns } from '../schema.js';
import { selectList } from './raw-rows.js';

const doneColumns = sql.raw(selectList(turns, 'done'));

/** The channel appends and completions notify; payload `<first index> <turn id>` or `end <turn id>`. */
export const turnEventsChannel = 'weft_turn_events';

/**
 * Appends `batch` after the turn's last event. Returns one row: `inserted` (0 when the turn does
 * not exist). Two appenders racing on one turn collide on the primary key (the caller retries).
 */
export function appendEventsSql(
  turnId: string,
  batch: readonly { readonly event: TurnEvent; readonly at: number }[],
): SQL {
  return sql`
    WITH turn AS (SELECT id FROM turns WHERE id = ${turnId}),
    base AS (SELECT coalesce(max(idx) + 1, 0) AS n FROM turn_events WHERE turn_id = ${turnId}),
    ins AS (
      INSERT INTO turn_events (turn_id, idx, event, at)
      SELECT turn.id, base.n + x.ord - 1, x.item -> 'event', (x.item ->> 'at')::bigint
      FROM turn, base, jsonb_array_elements(${JSON.stringify(batch)}::jsonb) WITH ORDINALITY AS x(item, ord)
      RETURNING idx
    ),
    note AS (
      SELECT pg_notify(${turnEventsChannel}, min(idx)::text || ' ' || ${turnId}) FROM ins HAVING count(*) > 0
    )
    SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM note) AS notified`;
}

/** Completes a turn and returns its row (decode with `rowDecoder(turns)`), or no row when it does not exist. */
export function completeTurnSql(turnId: string, result: TurnResult): SQL {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return sql`
    WITH done AS (
      UPDATE turns SET
        status = ${result.status},
        response_id = coalesce(${result.responseId}::text, response_id),
        output = ${JSON.stringify(result.output)}::jsonb,
        usage = ${json(result.usage)}::jsonb,
        partial = ${result.partial ?? false},
        error = ${json(result.error)}::jsonb,
        incomplete_reason = ${result.incompleteReason ?? null}::text,
        completed_at = ${result.completedAt},
        started_at = coalesce(started_at, ${result.startedAt ?? null}::bigint)
      WHERE id = ${turnId}
      RETURNING *
    ),
    note AS (SELECT pg_notify(${turnEventsChannel}, 'end ' || id) FROM done)
    SELECT ${doneColumns}, (SELECT count(*) FROM note) AS notified FROM done`;
}
