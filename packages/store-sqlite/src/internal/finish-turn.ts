/**
 * `finishTurn` in SQLite: the turn's end, its last events and the head's compare-and-swap in one
 * `BEGIN IMMEDIATE` transaction, so a blocking turn costs one commit (one fsync) to finish.
 *
 * @module
 */
import { Conflict, NotFound, type TurnStoreShape } from '@weft/core';
import { encodeEvent } from './compact-events.js';
import type { Connection } from './connection.js';
import { attemptOr, type ErrorContext } from './errors.js';
import {
  conversationColumns,
  decodeConversation,
  type RawConversationRow,
} from './conversation-decoder.js';
import type { ConversationRecord } from './records.js';
import { decodeTurn, type RawTurnRow } from './turn-decoder.js';
import { completeTurnSql, completionParams } from './turn-ops.js';

/** What `finishTurn` writes. */
type FinishTurn = Parameters<TurnStoreShape['finishTurn']>[0];

/** What the transaction decided about the head; failures are raised after the commit. */
type HeadOutcome =
  { readonly moved: ConversationRecord | null } | { readonly refused: Conflict | NotFound };

/** Makes `finishTurn` over an open connection; statements are prepared once. */
export function makeFinishTurn(
  connection: Connection,
  context: ErrorContext,
): TurnStoreShape['finishTurn'] {
  const { client } = connection;
  const complete = client.prepare<[ReturnType<typeof completionParams>], RawTurnRow>(
    completeTurnSql,
  );
  const nextEventIndex = client
    .prepare<[string], number>(
      'SELECT coalesce(max(idx) + 1, 0) FROM turn_events WHERE turn_id = ?',
    )
    .pluck();
  const insertEvent = client.prepare<[string, number, string, number]>(
    'INSERT INTO turn_events (turn_id, idx, event, at) VALUES (?, ?, ?, ?)',
  );
  const compareAndSwapHead = client.prepare<
    [{ id: string; expectedVersion: number; turnId: string; at: number }],
    RawConversationRow
  >(`
    UPDATE conversations SET head_turn_id = @turnId, version = version + 1, updated_at = @at
    WHERE id = @id AND version = @expectedVersion
    RETURNING ${conversationColumns}`);
  const selectConversation = client.prepare<[string], RawConversationRow>(
    `SELECT ${conversationColumns} FROM conversations WHERE id = ?`,
  );

  const finish = client.transaction((input: FinishTurn) => {
    const { turnId, result, events, head } = input;
    const row = complete.get(completionParams(turnId, result));
    // Thrown inside the transaction: nothing is written for a turn that does not exist.
    if (row === undefined) throw new NotFound({ kind: 'turn', id: turnId });
    if (events !== undefined && events.length > 0) {
      let idx = nextEventIndex.get(turnId) ?? 0;
      const parts = { output: result.output, usage: result.usage };
      for (const { event, at } of events) {
        insertEvent.run(turnId, idx++, encodeEvent(event, parts), at);
      }
    }
    return {
      turn: decodeTurn(row),
      head: head === undefined ? { moved: null } : moveHead(turnId, head),
    };
  });

  /** The CAS; a refusal is returned, not thrown, so the turn's end still commits. */
  const moveHead = (turnId: string, head: NonNullable<FinishTurn['head']>): HeadOutcome => {
    const { conversationId, expectedVersion, at } = head;
    const moved = compareAndSwapHead.get({ id: conversationId, expectedVersion, turnId, at });
    if (moved !== undefined) {
      return { moved: decodeConversation(moved) };
    }
    const current = selectConversation.get(conversationId);
    if (current === undefined) {
      return { refused: new NotFound({ kind: 'conversation', id: conversationId }) };
    }
    const conversation = decodeConversation(current);
    // Another writer finishing this same turn already moved the head here: that is success.
    if (conversation.headTurnId === turnId) return { moved: conversation };
    return {
      refused: new Conflict({
        conversationId,
        expectedVersion,
        actualVersion: conversation.version,
      }),
    };
  };

  return (input) =>
    attemptOr<NotFound | Conflict>(
      context,
      'finishTurn',
    )(() => {
      const { turn, head } = finish.immediate(input);
      if ('refused' in head) throw head.refused;
      return { turn, conversation: head.moved };
    });
}
