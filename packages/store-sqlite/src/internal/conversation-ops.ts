/**
 * The conversation half of the SQLite turn store: create, read, list, update, delete, fork and
 * the compare-and-swap of the head.
 *
 * @module
 */
import {
  Conflict,
  type NewConversation,
  NotFound,
  StorageError,
  type TurnStoreShape,
} from '@weft/core';
import { and, eq, sql } from 'drizzle-orm';
import { conversations, turns } from '../schema.js';
import { collectTurns } from './collect-turns.js';
import {
  conversationColumns,
  decodeConversation,
  type RawConversationRow,
} from './conversation-decoder.js';
import type { Connection } from './connection.js';
import { attempt, attemptOr, type ErrorContext } from './errors.js';
import { bind } from './bind.js';
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

/** Makes the conversation operations over an open connection; statements are prepared once. */
export function makeConversationOps(
  connection: Connection,
  context: ErrorContext,
): ConversationOps {
  const { client, db } = connection;
  const p = <T extends string>(name: T) => sql.placeholder(name);

  const selectConversation = db
    .select()
    .from(conversations)
    .where(eq(conversations.id, p('id')))
    .prepare();
  /** The read on every turn's path, without drizzle's per-call mapping. */
  const selectRawConversation = client.prepare<[string], RawConversationRow>(
    `SELECT ${conversationColumns} FROM conversations WHERE id = ?`,
  );
  const selectVersion = db
    .select({ version: conversations.version })
    .from(conversations)
    .where(eq(conversations.id, p('id')))
    .prepare();
  const turnExists = db
    .select({ conversationId: turns.conversationId })
    .from(turns)
    .where(eq(turns.id, p('id')))
    .prepare();
  const insertConversation = db
    .insert(conversations)
    .values({
      id: p('id'),
      title: p('title'),
      headTurnId: p('headTurnId'),
      metadata: p('metadata'),
      version: 0,
      serverConversationId: p('serverConversationId'),
      forkedFrom: p('forkedFrom'),
      createdAt: p('createdAt'),
      updatedAt: p('createdAt'),
    })
    .onConflictDoNothing()
    .returning()
    .prepare();
  const compareAndSwapHead = db
    .update(conversations)
    .set({
      headTurnId: bind('headTurnId'),
      version: sql`${conversations.version} + 1`,
      updatedAt: bind('at'),
    })
    .where(and(eq(conversations.id, p('id')), eq(conversations.version, p('expectedVersion'))))
    .returning()
    .prepare();
  const deleteRow = db
    .delete(conversations)
    .where(eq(conversations.id, p('id')))
    .prepare();

  const conversationNotFound = (id: string) => new NotFound({ kind: 'conversation', id });
  const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });

  /** Inserts a conversation; `Conflict` when the id is taken. Runs inside a write transaction. */
  const insert = (input: NewConversation, forkedFrom: string | null): ConversationRecord => {
    const row = insertConversation.get({
      id: input.id,
      title: input.title ?? null,
      headTurnId: input.headTurnId ?? null,
      metadata: input.metadata ?? {},
      serverConversationId: input.serverConversationId ?? null,
      forkedFrom,
      createdAt: input.createdAt,
    });
    if (row === undefined) {
      const existing = selectVersion.get({ id: input.id });
      throw new Conflict({
        conversationId: input.id,
        expectedVersion: -1,
        actualVersion: existing?.version,
      });
    }
    return toConversation(row);
  };

  const create = client.transaction((input: NewConversation): ConversationRecord => {
    const head = input.headTurnId ?? null;
    if (head !== null && turnExists.get({ id: head }) === undefined) {
      throw new StorageError({
        operation: 'createConversation',
        detail: `the head turn ${head} does not exist; begin the turn first or create the conversation without a head`,
      });
    }
    return insert(input, input.forkedFrom ?? null);
  });

  const fork = client.transaction((turnId: string, input: NewConversation): ConversationRecord => {
    const turn = turnExists.get({ id: turnId });
    if (turn === undefined) throw turnNotFound(turnId);
    return insert({ ...input, headTurnId: turnId }, input.forkedFrom ?? turn.conversationId);
  });

  const setHead = client.transaction(
    (
      id: string,
      expectedVersion: number,
      headTurnId: string | null,
      at: number,
    ): ConversationRecord => {
      if (headTurnId !== null && turnExists.get({ id: headTurnId }) === undefined) {
        const current = selectVersion.get({ id });
        if (current === undefined) throw conversationNotFound(id);
        if (current.version !== expectedVersion) {
          throw new Conflict({
            conversationId: id,
            expectedVersion,
            actualVersion: current.version,
          });
        }
        throw turnNotFound(headTurnId);
      }
      const row = compareAndSwapHead.get({ id, expectedVersion, headTurnId, at });
      if (row !== undefined) return toConversation(row);
      const current = selectVersion.get({ id });
      if (current === undefined) throw conversationNotFound(id);
      throw new Conflict({ conversationId: id, expectedVersion, actualVersion: current.version });
    },
  );

  const update = client.transaction(
    (
      id: string,
      patch: Parameters<TurnStoreShape['updateConversation']>[1],
    ): ConversationRecord => {
      const row = db
        .update(conversations)
        .set({
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.metadata !== undefined ? { metadata: patch.metadata } : {}),
          ...(patch.serverConversationId !== undefined
            ? { serverConversationId: patch.serverConversationId }
            : {}),
          updatedAt: patch.updatedAt,
        })
        .where(eq(conversations.id, id))
        .returning()
        .get();
      if (row === undefined) throw conversationNotFound(id);
      return toConversation(row);
    },
  );

  const remove = client.transaction((id: string): void => {
    const row = selectConversation.get({ id });
    if (row === undefined) throw conversationNotFound(id);
    deleteRow.run({ id });
    collectTurns(db, id, row.headTurnId);
  });

  return {
    createConversation: (input) =>
      attemptOr<Conflict>(context, 'createConversation')(() => create.immediate(input)),
    getConversation: (id) =>
      attemptOr<NotFound>(
        context,
        'getConversation',
      )(() => {
        const row = selectRawConversation.get(id);
        if (row === undefined) throw conversationNotFound(id);
        return decodeConversation(row);
      }),
    listConversations: (query = {}) =>
      attempt(context, 'listConversations', () => {
        const { rows, limit } = selectPage(db, query);
        const items = rows.slice(0, limit).map(toConversation);
        const last = items.at(-1);
        return {
          items,
          nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
        };
      }),
    updateConversation: (id, patch) =>
      attemptOr<NotFound>(context, 'updateConversation')(() => update.immediate(id, patch)),
    deleteConversation: (id) =>
      attemptOr<NotFound>(context, 'deleteConversation')(() => remove.immediate(id)),
    setHead: (id, expectedVersion, headTurnId, at) =>
      attemptOr<NotFound | Conflict>(
        context,
        'setHead',
      )(() => setHead.immediate(id, expectedVersion, headTurnId, at)),
    fork: ({ turnId, conversation }) =>
      attemptOr<NotFound | Conflict>(context, 'fork')(() => fork.immediate(turnId, conversation)),
  };
}
