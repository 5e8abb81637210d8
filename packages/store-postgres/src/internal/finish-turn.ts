/**
 * `finishTurn`: a turn's end, its last events and the head's compare-and-swap in one transaction.
 *
 * @module
 */
import { Conflict, NotFound, type Turn, type TurnStoreShape } from '@weft/core';
import { and, eq, sql } from 'drizzle-orm';
import { conversations, turns } from '../schema.js';
import type { WeftDatabase } from './connection.js';
import { errorCode } from './errors.js';
import type { ConversationRecord } from './records.js';
import { rowDecoder } from './raw-rows.js';
import { toConversation, toTurn } from './rows.js';
import { appendEventsSql, completeTurnSql } from './turn-statements.js';

const decodeTurn = rowDecoder(turns);

/** The input of the port's `finishTurn`. */
type FinishTurn = Parameters<TurnStoreShape['finishTurn']>[0];

/** What the transaction decided; failures of the head move are raised after it commits. */
type Outcome =
  | { readonly kind: 'finished'; readonly turn: Turn; readonly conversation: ConversationRecord | null }
  | { readonly kind: 'headFailed'; readonly error: NotFound | Conflict };

/**
 * Runs `finishTurn` in one transaction: append, complete (no such turn: roll back, `NotFound`),
 * then the head's conditional `UPDATE`. When the head cannot move, the turn and its events still
 * commit and the `Conflict` or `NotFound` is raised afterwards. Appends racing on the turn's log
 * abort the transaction on the primary key; the caller may run it again.
 */
export async function finishTurn(
  db: WeftDatabase,
  input: FinishTurn,
): Promise<{ readonly turn: Turn; readonly conversation: ConversationRecord | null }> {
  const { turnId, head } = input;
  const events = input.events ?? [];
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    // Events first: notifications go out in statement order, so readers hear the last events
    // before the turn's end.
    if (events.length > 0) {
      const [appended] = (await tx.execute<Record<string, unknown>>(appendEventsSql(turnId, events))).rows;
      if (Number(appended?.['inserted'] ?? 0) === 0) throw new NotFound({ kind: 'turn', id: turnId });
    }
    const [row] = (await tx.execute<Record<string, unknown>>(completeTurnSql(turnId, input.result))).rows;
    if (row === undefined) throw new NotFound({ kind: 'turn', id: turnId });
    const turn = toTurn(decodeTurn(row));
    if (head === undefined) return { kind: 'finished', turn, conversation: null };
    const [moved] = await tx
      .update(conversations)
      .set({ headTurnId: turnId, version: sql`${conversations.version} + 1`, updatedAt: head.at })
      .where(and(eq(conversations.id, head.conversationId), eq(conversations.version, head.expectedVersion)))
      .returning();
    if (moved !== undefined) return { kind: 'finished', turn, conversation: toConversation(moved) };
    const [current] = await tx.select().from(conversations).where(eq(conversations.id, head.conversationId));
    if (current === undefined) {
      return { kind: 'headFailed', error: new NotFound({ kind: 'conversation', id: head.conversationId }) };
    }
    if (current.headTurnId === turnId) return { kind: 'finished', turn, conversation: toConversation(current) };
    return {
      kind: 'headFailed',
      error: new Conflict({
        conversationId: head.conversationId,
        expectedVersion: head.expectedVersion,
        actualVersion: current.version,
      }),
    };
  }).catch((error: unknown) => {
    if (errorCode(error) === '23503') throw new NotFound({ kind: 'turn', id: turnId });
    throw error;
  });
  if (outcome.kind === 'headFailed') throw outcome.error;
  return { turn: outcome.turn, conversation: outcome.conversation };
}
