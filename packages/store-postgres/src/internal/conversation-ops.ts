/**
 * The conversation half of the PostgreSQL turn store: create, read, list, update, delete, fork and
 * the compare-and-swap of the head.
 *
 * @module
 */
import { Conflict, type NewConversation, NotFound, StorageError, type TurnStoreShape } from '@weft/core';
import { and, eq, sql } from 'drizzle-orm';
import { conversations, turns } from '../schema.js';
import { attempt, attemptOr, type RunContext } from './attempt.js';
import { collectTurns } from './collect-turns.js';
import type { Connection, WeftDatabase } from './connection.js';
import { errorCode } from './errors.js';
import { encodeCursor, selectPage } from './listing.js';
import type { ConversationRecord } from './records.js';
import { toConversation } from './rows.js';

/** The conversation operations of the turn store. */
export type ConversationOps = Pick<
  TurnStoreShape,
  | 'createConversation'
  | 'getConversation'
  | 'listConversations'
  | 'updateConversation'
  | 'deleteConversation'
  | 'setHead'
  | 'fork'
>;

type Db = Pick<WeftDatabase, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

const conversationNotFound = (id: string) => new NotFound({ kind: 'conversation', id });
const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });
const foreignKeyViolation = (error: unknown) => errorCode(error) === '23503';

async function versionOf(db: Db, id: string): Promise<number | undefined> {
  const [row] = await db
    .select({ version: conversations.version })
    .from(conversations)
    .where(eq(conversations.id, id));
  return row?.version;
}

/** Inserts a conversation; `Conflict` when the id is taken. */
async function insert(db: Db, input: NewConversation, forkedFrom: string | null): Promise<ConversationRecord> {
  const [row] = await db
    .insert(conversations)
    .values({
      id: input.id,
      title: input.title ?? null,
      headTurnId: input.headTurnId ?? null,
      metadata: input.metadata ?? {},
      version: 0,
      serverConversationId: input.serverConversationId ?? null,
      forkedFrom,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
    })
    .onConflictDoNothing({ target: conversations.id })
    .returning();
  if (row === undefined) {
    throw new Conflict({ conversationId: input.id, expectedVersion: -1, actualVersion: await versionOf(db, input.id) });
  }
  return toConversation(row);
}

/** Makes the conversation operations over an open pool. */
export function makeConversationOps(connection: Connection, context: RunContext): ConversationOps {
  const { db } = connection;

  const create = async (input: NewConversation): Promise<ConversationRecord> => {
    try {
      return await insert(db, input, input.forkedFrom ?? null);
    } catch (error) {
      if (!foreignKeyViolation(error)) throw error;
      throw new StorageError({
        operation: 'createConversation',
        detail: `the head turn ${input.headTurnId ?? ''} does not exist; begin the turn first or create the conversation without a head`,
      });
    }
  };

  const fork = (turnId: string, input: NewConversation): Promise<ConversationRecord> =>
    db.transaction(async (tx) => {
      const [turn] = await tx
        .select({ conversationId: turns.conversationId })
        .from(turns)
        .where(eq(turns.id, turnId))
        .for('share');
      if (turn === undefined) throw turnNotFound(turnId);
      return insert(tx, { ...input, headTurnId: turnId }, input.forkedFrom ?? turn.conversationId);
    });

  /** One conditional UPDATE decides the race; the follow-up read only names the failure. */
  const setHead = async (
    id: string,
    expectedVersion: number,
    headTurnId: string | null,
    at: number,
  ): Promise<ConversationRecord> => {
    try {
      const [row] = await db
        .update(conversations)
        .set({ headTurnId, version: sql`${conversations.version} + 1`, updatedAt: at })
        .where(and(eq(conversations.id, id), eq(conversations.version, expectedVersion)))
        .returning();
      if (row !== undefined) return toConversation(row);
    } catch (error) {
      if (foreignKeyViolation(error) && headTurnId !== null) throw turnNotFound(headTurnId);
      throw error;
    }
    const actualVersion = await versionOf(db, id);
    if (actualVersion === undefined) throw conversationNotFound(id);
    throw new Conflict({ conversationId: id, expectedVersion, actualVersion });
  };

  const update = async (
    id: string,
    patch: Parameters<TurnStoreShape['updateConversation']>[1],
  ): Promise<ConversationRecord> => {
    const [row] = await db
      .update(conversations)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.metadata !== undefined ? { metadata: patch.metadata } : {}),
        ...(patch.serverConversationId !== undefined ? { serverConversationId: patch.serverConversationId } : {}),
        updatedAt: patch.updatedAt,
      })
      .where(eq(conversations.id, id))
      .returning();
    if (row === undefined) throw conversationNotFound(id);
    return toConversation(row);
  };

  const remove = (id: string): Promise<void> =>
    db.transaction(async (tx) => {
      const [row] = await tx.delete(conversations).where(eq(conversations.id, id)).returning({
        headTurnId: conversations.headTurnId,
      });
      if (row === undefined) throw conversationNotFound(id);
      await collectTurns(tx, id, row.headTurnId);
    });

  return {
    createConversation: (input) => attemptOr<Conflict>(context, 'createConversation', 'once')(() => create(input)),
    getConversation: (id) =>
      attemptOr<NotFound>(
        context,
        'getConversation',
        'idempotent',
      )(async () => {
        const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
        if (row === undefined) throw conversationNotFound(id);
        return toConversation(row);
      }),
    listConversations: (query = {}) =>
      attempt(context, 'listConversations', 'idempotent', async () => {
        const { rows, limit } = await selectPage(db, query);
        const items = rows.slice(0, limit).map(toConversation);
        const last = items.at(-1);
        return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
      }),
    updateConversation: (id, patch) =>
      attemptOr<NotFound>(context, 'updateConversation', 'idempotent')(() => update(id, patch)),
    deleteConversation: (id) => attemptOr<NotFound>(context, 'deleteConversation', 'once')(() => remove(id)),
    setHead: (id, expectedVersion, headTurnId, at) =>
      attemptOr<NotFound | Conflict>(context, 'setHead', 'once')(() => setHead(id, expectedVersion, headTurnId, at)),
    fork: ({ turnId, conversation }) =>
      attemptOr<NotFound | Conflict>(context, 'fork', 'once')(() => fork(turnId, conversation)),
  };
}
