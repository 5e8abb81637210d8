/**
 * Conversation records from raw `conversations` rows (SQL column names), decoded by hand for the
 * statements on a turn's path (`getConversation`, the head's compare-and-swap).
 *
 * @module
 */
import type { ConversationRecord } from './records.js';

/** A `conversations` row as SQLite returns it for {@link conversationColumns}. */
export interface RawConversationRow {
  readonly id: string;
  readonly title: string | null;
  readonly head_turn_id: string | null;
  readonly metadata: string;
  readonly version: number;
  readonly server_conversation_id: string | null;
  readonly forked_from: string | null;
  readonly created_at: number;
  readonly updated_at: number;
}

/** The select list (or `RETURNING` list) that {@link decodeConversation} reads. */
export const conversationColumns =
  'id, title, head_turn_id, metadata, version, server_conversation_id, forked_from, created_at, updated_at';

/** A conversation record from its raw row; keys in the order of the domain type. */
export function decodeConversation(row: RawConversationRow): ConversationRecord {
  return {
    id: row.id,
    title: row.title,
    headTurnId: row.head_turn_id,
    metadata: JSON.parse(row.metadata) as ConversationRecord['metadata'],
    version: row.version,
    serverConversationId: row.server_conversation_id,
    forkedFrom: row.forked_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
