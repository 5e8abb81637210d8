/**
 * The turn half of the SQLite turn store: begin, record progress, complete, read chains and
 * children, and the per-turn event log.
 *
 * @module
 */
import {
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
import type { Connection } from './connection.js';
import { attempt, attemptOr, type ErrorContext } from './errors.js';
import { bind } from './bind.js';
import { selectList, rowDecoder } from './raw-rows.js';
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
  | 'finishTurn'
>;

/** Makes the turn operations over an open connection; statements are prepared once. */
export function makeTurnOps(connection: Connection, context: ErrorContext): TurnOps {
  const { client, db } = connection;
  const p = (name: string) => sql.placeholder(name);

  const selectTurn = db
    .select()
    .from(turns)
    .where(eq(turns.id, p('id')))
    .prepare();
  const selectDepth = db
    .select({ depth: turns.depth })
    .from(turns)
    .where(eq(turns.id, p('id')))
    .prepare();
  const insertTurn = db
    .insert(turns)
    .values({
      id: p('id'),
      conversationId: p('conversationId'),
      parentId: p('parentId'),
      depth: p('depth'),
      request: p('request'),
      status: 'pending',
      output: [],
      partial: false,
      createdAt: p('createdAt'),
      contextStrategy: p('contextStrategy'),
      executionStrategy: p('executionStrategy'),
      fallback: p('fallback'),
    })
    .onConflictDoNothing()
    .returning()
    .prepare();
  const setResponseId = db
    .update(turns)
    .set({
      responseId: bind('responseId'),
      status: sql`CASE ${turns.status} WHEN 'pending' THEN 'in_progress' ELSE ${turns.status} END`,
      startedAt: sql`coalesce(${turns.startedAt}, ${bind('at')})`,
    })
    .where(eq(turns.id, p('id')))
    .prepare();
  const setPartialOutput = db
    .update(turns)
    .set({
      output: bind('output'),
      partial: true,
      status: sql`CASE ${turns.status} WHEN 'pending' THEN 'in_progress' ELSE ${turns.status} END`,
    })
    .where(eq(turns.id, p('id')))
    .prepare();
  const setFirstToken = db
    .update(turns)
    .set({ firstTokenAt: sql`coalesce(${turns.firstTokenAt}, ${bind('at')})` })
    .where(eq(turns.id, p('id')))
    .prepare();
  const complete = db
    .update(turns)
    .set({
      status: bind('status'),
      responseId: sql`coalesce(${bind('responseId')}, ${turns.responseId})`,
      output: bind('output'),
      usage: bind('usage'),
      partial: bind('partial'),
      error: bind('error'),
      incompleteReason: bind('incompleteReason'),
      completedAt: bind('completedAt'),
    })
    .where(eq(turns.id, p('id')))
    .returning()
    .prepare();
  /**
   * Head → root in one recursive CTE that carries whole rows (measured fastest: see README,
   * "Performance"); reversed in JS rather than sorted in SQL.
   */
  const selectChain = client.prepare<[string], Record<string, unknown>>(`
    WITH RECURSIVE chain AS (
      SELECT * FROM turns WHERE id = ?
      UNION ALL
      SELECT t.* FROM turns t JOIN chain c ON t.id = c.parent_id
    )
    SELECT ${selectList(turns, 'chain')} FROM chain`);
  const decodeTurn = rowDecoder(turns);
  const selectChildren = db
    .select()
    .from(turns)
    .where(eq(turns.parentId, p('id')))
    .orderBy(asc(turns.createdAt), asc(turns.seq))
    .prepare();
  const nextEventIndex = db
    .select({ next: sql<number>`coalesce(max(${turnEvents.idx}) + 1, 0)` })
    .from(turnEvents)
    .where(eq(turnEvents.turnId, p('id')))
    .prepare();
  const insertEvent = db
    .insert(turnEvents)
    .values({ turnId: p('turnId'), idx: p('idx'), event: p('event'), at: p('at') })
    .prepare();
  const selectEvents = db
    .select()
    .from(turnEvents)
    .where(and(eq(turnEvents.turnId, p('id')), gte(turnEvents.idx, p('from'))))
    .orderBy(asc(turnEvents.idx))
    .prepare();

  const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });
  const mustChange = (id: string, changes: number): void => {
    if (changes === 0) throw turnNotFound(id);
  };

  const begin = client.transaction((input: NewTurn): Turn => {
    let depth = 0;
    if (input.parentId !== null) {
      const parent = selectDepth.get({ id: input.parentId });
      if (parent === undefined) throw turnNotFound(input.parentId);
      depth = parent.depth + 1;
    }
    const row = insertTurn.get({
      id: input.id,
      conversationId: input.conversationId,
      parentId: input.parentId,
      depth,
      request: input.request,
      createdAt: input.createdAt,
      contextStrategy: input.contextStrategy,
      executionStrategy: input.executionStrategy,
      fallback: input.fallback ?? null,
    });
    if (row === undefined) {
      throw new StorageError({
        operation: 'beginTurn',
        detail: `a turn with id ${input.id} already exists; generate a fresh turn id`,
      });
    }
    return toTurn(row);
  });

  const append = client.transaction(
    (turnId: string, batch: readonly { readonly event: TurnEvent; readonly at: number }[]) => {
      if (selectDepth.get({ id: turnId }) === undefined) throw turnNotFound(turnId);
      let idx = nextEventIndex.get({ id: turnId })?.next ?? 0;
      for (const { event, at } of batch) insertEvent.run({ turnId, idx: idx++, event, at });
    },
  );

  return {
    beginTurn: (input) => attemptOr<NotFound>(context, 'beginTurn')(() => begin.immediate(input)),
    recordResponseId: (turnId, responseId, at) =>
      attemptOr<NotFound>(
        context,
        'recordResponseId',
      )(() => mustChange(turnId, setResponseId.run({ id: turnId, responseId, at }).changes)),
    recordPartialOutput: (turnId, output) =>
      attemptOr<NotFound>(
        context,
        'recordPartialOutput',
      )(() => mustChange(turnId, setPartialOutput.run({ id: turnId, output }).changes)),
    recordFirstToken: (turnId, at) =>
      attemptOr<NotFound>(
        context,
        'recordFirstToken',
      )(() => mustChange(turnId, setFirstToken.run({ id: turnId, at }).changes)),
    completeTurn: (turnId, result: TurnResult) =>
      attemptOr<NotFound>(
        context,
        'completeTurn',
      )(() => {
        const row = complete.get({
          id: turnId,
          status: result.status,
          responseId: result.responseId,
          output: result.output,
          usage: result.usage,
          partial: result.partial ?? false,
          error: result.error ?? null,
          incompleteReason: result.incompleteReason ?? null,
          completedAt: result.completedAt,
        });
        if (row === undefined) throw turnNotFound(turnId);
        return toTurn(row);
      }),
    getTurn: (turnId) =>
      attemptOr<NotFound>(
        context,
        'getTurn',
      )(() => {
        const row = selectTurn.get({ id: turnId });
        if (row === undefined) throw turnNotFound(turnId);
        return toTurn(row);
      }),
    readChain: (headTurnId) =>
      attemptOr<NotFound>(
        context,
        'readChain',
      )(() => {
        const rows = selectChain.all(headTurnId);
        if (rows.length === 0) throw turnNotFound(headTurnId);
        const chain = new Array<Turn>(rows.length);
        for (const [i, raw] of rows.entries()) chain[rows.length - 1 - i] = toTurn(decodeTurn(raw));
        return chain;
      }),
    childrenOf: (turnId) =>
      attempt(context, 'childrenOf', () => selectChildren.all({ id: turnId }).map(toTurn)),
    appendEvents: (turnId, batch) =>
      attemptOr<NotFound>(context, 'appendEvents')(() => append.immediate(turnId, batch)),
    readEvents: (turnId, fromIndex): ReturnType<TurnStoreShape['readEvents']> =>
      attempt(context, 'readEvents', (): readonly StoredEvent[] =>
        selectEvents.all({ id: turnId, from: Math.max(0, Math.floor(fromIndex)) }).map(toEvent),
      ),
  };
}
