/**
 * Garbage collection of turns after a conversation is deleted, in one statement.
 *
 * @module
 */
import { sql } from 'drizzle-orm';
import type { WeftDatabase } from './connection.js';

/**
 * Deletes the turns a deleted conversation leaves unreachable. Candidates are the turns begun in
 * the conversation and the chain of its last head. A candidate is kept when it lies on the chain of
 * a remaining head, or is an ancestor of a turn that is not a candidate (so no kept turn loses its
 * parent). Events of deleted turns go with them (foreign key cascade). Returns how many turns went.
 *
 * Cost: one walk over the chains of all remaining heads (each turn visited once), so deletion is
 * proportional to the live part of the tree, not to the conversation.
 */
export function collectTurns(
  db: WeftDatabase,
  conversationId: string,
  lastHead: string | null,
): number {
  const result = db.run(sql`
    WITH RECURSIVE
      head_chain(id) AS (
        SELECT ${lastHead} WHERE ${lastHead} IS NOT NULL
        UNION
        SELECT t.parent_id FROM turns t JOIN head_chain h ON t.id = h.id WHERE t.parent_id IS NOT NULL
      ),
      candidates(id) AS (
        SELECT id FROM turns WHERE conversation_id = ${conversationId}
        UNION
        SELECT id FROM head_chain
      ),
      kept(id) AS (
        SELECT head_turn_id FROM conversations WHERE head_turn_id IS NOT NULL
        UNION
        SELECT t.id FROM turns t
          WHERE t.parent_id IN (SELECT id FROM candidates) AND t.id NOT IN (SELECT id FROM candidates)
        UNION
        SELECT t.parent_id FROM turns t JOIN kept k ON t.id = k.id WHERE t.parent_id IS NOT NULL
      )
    DELETE FROM turns
    WHERE id IN (SELECT id FROM candidates) AND id NOT IN (SELECT id FROM kept)
  `);
  return result.changes;
}
