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
 * parent). Events of deleted turns go with them (foreign key cascade).
 *
 * Cost: one walk over the chains of all remaining heads, so deletion is proportional to the live
 * part of the tree, not to the conversation.
 */
export async function collectTurns(
  db: Pick<WeftDatabase, 'execute'>,
  conversationId: string,
  lastHead: string | null,
): Promise<void> {
  await db.execute(sql`
    WITH RECURSIVE
      head_chain(id) AS (
        SELECT ${lastHead}::text WHERE ${lastHead}::text IS NOT NULL
        UNION
        SELECT t.parent_id FROM turns t JOIN head_chain h ON t.id = h.id WHERE t.parent_id IS NOT NULL
      ),
      candidates(id) AS (
        SELECT id FROM turns WHERE conversation_id = ${conversationId}
        UNION
        SELECT id FROM head_chain
      ),
      kept(id) AS (
        SELECT s.id FROM (
          SELECT head_turn_id AS id FROM conversations WHERE head_turn_id IS NOT NULL
          UNION
          SELECT t.id FROM turns t
            WHERE t.parent_id IN (SELECT id FROM candidates) AND t.id NOT IN (SELECT id FROM candidates)
        ) s
        UNION
        SELECT t.parent_id FROM turns t JOIN kept k ON t.id = k.id WHERE t.parent_id IS NOT NULL
      )
    DELETE FROM turns
    WHERE id IN (SELECT id FROM candidates) AND id NOT IN (SELECT id FROM kept)
  `);
}
