/**
 * The turn half of the PostgreSQL turn store: begin, record progress, complete, read chains and
 * children, and the per-turn event log. Each write is one statement (one round trip) on the happy
 * path; appends and completions notify `weft_turn_events` so readers elsewhere wake up.
 *
 * @module
 */
import {
  type Conflict,
  NotFound,
  StorageError,
  type NewTurn,
  type StoredEvent,
  type Turn,
  type TurnEvent,
  type TurnResult,
  type TurnStoreShape,
} from '@weft/core';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { turnEvents, turns } from '../schema.js';
import { attempt, attemptOr, type RunContext } from './attempt.js';
import type { Connection } from './connection.js';
import { errorCode } from './errors.js';
import { finishTurn } from './finish-turn.js';
import { appendEventsSql, completeTurnSql } from './turn-statements.js';
import { rowDecoder, selectList } from './raw-rows.js';
import { toEvent, toTurn } from './rows.js';

/** The turn operations of the turn store. */
export type TurnOps = Omit<
  TurnStoreShape,
  | 'createConversation'
  | 'getConversation'
  | 'listConversations'
  | 'updateConversation'
  | 'deleteConversation'
  | 'setHead'
  | 'fork'
>;

const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });
const decodeTurn = rowDecoder(turns);
const turnColumns = sql.raw(selectList(turns, 'turns'));
const chainColumns = sql.raw(selectList(turns, 'chain'));
/** Appends racing on one turn collide on the primary key; the loser recomputes its indexes. */
const appendAttempts = 5;

/** Makes the turn operations over an open pool. */
export function makeTurnOps(connection: Connection, context: RunContext): TurnOps {
  const { db } = connection;

  const rowsOf = async (query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> =>
    (await db.execute<Record<string, unknown>>(query)).rows;

  const exists = async (turnId: string): Promise<boolean> =>
    (await db.select({ id: turns.id }).from(turns).where(eq(turns.id, turnId))).length > 0;

  const mustChange = async (turnId: string, query: Promise<{ rowCount: number | null }>): Promise<void> => {
    if (((await query).rowCount ?? 0) === 0) throw turnNotFound(turnId);
  };

  const begin = async (input: NewTurn): Promise<Turn> => {
    let rows: Record<string, unknown>[];
    try {
      rows = await rowsOf(sql`
        INSERT INTO turns (id, conversation_id, parent_id, depth, request, status, output, partial,
                           created_at, context_strategy, execution_strategy, fallback)
        SELECT ${input.id}, ${input.conversationId}, ${input.parentId}::text, coalesce(p.depth + 1, 0),
               ${JSON.stringify(input.request)}::jsonb, 'pending', '[]'::jsonb, false, ${input.createdAt},
               ${input.contextStrategy}, ${input.executionStrategy},
               ${input.fallback == null ? null : JSON.stringify(input.fallback)}::jsonb
        FROM (SELECT 1) AS one LEFT JOIN turns p ON p.id = ${input.parentId}::text
        WHERE ${input.parentId}::text IS NULL OR p.id IS NOT NULL
        ON CONFLICT (id) DO NOTHING
        RETURNING ${turnColumns}`);
    } catch (error) {
      if (errorCode(error) === '23503' && input.parentId !== null) throw turnNotFound(input.parentId);
      throw error;
    }
    const [row] = rows;
    if (row !== undefined) return toTurn(decodeTurn(row));
    if (input.parentId !== null && !(await exists(input.parentId))) throw turnNotFound(input.parentId);
    throw new StorageError({
      operation: 'beginTurn',
      detail: `a turn with id ${input.id} already exists; generate a fresh turn id`,
    });
  };

  const append = async (
    turnId: string,
    batch: readonly { readonly event: TurnEvent; readonly at: number }[],
  ): Promise<void> => {
    if (batch.length === 0) {
      if (!(await exists(turnId))) throw turnNotFound(turnId);
      return;
    }
    for (let round = 1; ; round++) {
      try {
        const [row] = await rowsOf(appendEventsSql(turnId, batch));
        if (Number(row?.['inserted'] ?? 0) === 0) throw turnNotFound(turnId);
        return;
      } catch (error) {
        const code = errorCode(error);
        if (code === '23503') throw turnNotFound(turnId);
        if (code !== '23505' || round >= appendAttempts) throw error;
      }
    }
  };

  const complete = async (turnId: string, result: TurnResult): Promise<Turn> => {
    const [row] = await rowsOf(completeTurnSql(turnId, result));
    if (row === undefined) throw turnNotFound(turnId);
    return toTurn(decodeTurn(row));
  };

  return {
    beginTurn: (input) => attemptOr<NotFound>(context, 'beginTurn', 'once')(() => begin(input)),
    recordResponseId: (turnId, responseId, at) =>
      attemptOr<NotFound>(context, 'recordResponseId', 'idempotent')(() =>
        mustChange(
          turnId,
          db
            .update(turns)
            .set({
              responseId,
              status: sql`CASE ${turns.status} WHEN 'pending' THEN 'in_progress' ELSE ${turns.status} END`,
              startedAt: sql`coalesce(${turns.startedAt}, ${at})`,
            })
            .where(eq(turns.id, turnId)),
        ),
      ),
    recordPartialOutput: (turnId, output) =>
      attemptOr<NotFound>(context, 'recordPartialOutput', 'idempotent')(() =>
        mustChange(
          turnId,
          db
            .update(turns)
            .set({
              output,
              partial: true,
              status: sql`CASE ${turns.status} WHEN 'pending' THEN 'in_progress' ELSE ${turns.status} END`,
            })
            .where(eq(turns.id, turnId)),
        ),
      ),
    recordFirstToken: (turnId, at) =>
      attemptOr<NotFound>(context, 'recordFirstToken', 'idempotent')(() =>
        mustChange(
          turnId,
          db
            .update(turns)
            .set({ firstTokenAt: sql`coalesce(${turns.firstTokenAt}, ${at})` })
            .where(eq(turns.id, turnId)),
        ),
      ),
    completeTurn: (turnId, result) =>
      attemptOr<NotFound>(context, 'completeTurn', 'idempotent')(() => complete(turnId, result)),
    finishTurn: (input) =>
      attemptOr<NotFound | Conflict>(context, 'finishTurn', 'once')(() => finishTurn(db, input)),
    getTurn: (turnId) =>
      attemptOr<NotFound>(context, 'getTurn', 'idempotent')(async () => {
        const [row] = await db.select().from(turns).where(eq(turns.id, turnId));
        if (row === undefined) throw turnNotFound(turnId);
        return toTurn(row);
      }),
    readChain: (headTurnId) =>
      attemptOr<NotFound>(context, 'readChain', 'idempotent')(async () => {
        const rows = await rowsOf(sql`
          WITH RECURSIVE chain AS (
            SELECT * FROM turns WHERE id = ${headTurnId}
            UNION ALL
            SELECT t.* FROM turns t JOIN chain c ON t.id = c.parent_id
          )
          SELECT ${chainColumns} FROM chain ORDER BY chain.depth`);
        if (rows.length === 0) throw turnNotFound(headTurnId);
        return rows.map((raw) => toTurn(decodeTurn(raw)));
      }),
    childrenOf: (turnId) =>
      attempt(context, 'childrenOf', 'idempotent', async () =>
        (
          await db
            .select()
            .from(turns)
            .where(eq(turns.parentId, turnId))
            .orderBy(asc(turns.createdAt), asc(turns.seq))
        ).map(toTurn),
      ),
    appendEvents: (turnId, batch) => attemptOr<NotFound>(context, 'appendEvents', 'once')(() => append(turnId, batch)),
    readEvents: (turnId, fromIndex): ReturnType<TurnStoreShape['readEvents']> =>
      attempt(context, 'readEvents', 'idempotent', async (): Promise<readonly StoredEvent[]> =>
        (
          await db
            .select()
            .from(turnEvents)
            .where(and(eq(turnEvents.turnId, turnId), gte(turnEvents.idx, Math.max(0, Math.floor(fromIndex)))))
            .orderBy(asc(turnEvents.idx))
        ).map(toEvent),
      ),
  };
}
