/**
 * Full-text search over turn text (the user's input and the assistant's output), through the
 * FTS5 index the `turn_text_search` migration keeps in step with the turns table.
 *
 * @module
 */
import { StorageError } from '@weft/core';
import type { Effect } from 'effect';
import { sql } from 'drizzle-orm';
import type { Connection } from './internal/connection.js';
import { attempt, type ErrorContext, sqliteCode } from './internal/errors.js';

/** One matching turn. */
export interface TurnSearchHit {
  readonly turnId: string;
  /** The conversation the turn was begun in. */
  readonly conversationId: string;
  /** The best-matching fragment, matches wrapped in `[` `]`, elisions as `…`. */
  readonly snippet: string;
  /** BM25 rank: lower is a better match. */
  readonly rank: number;
}

/** How to search. */
export interface TurnSearchOptions {
  /** Only turns begun in this conversation. */
  readonly conversationId?: string | undefined;
  /** Hits per call (default 20). */
  readonly limit?: number | undefined;
  /** Hits to skip, for paging (default 0). */
  readonly offset?: number | undefined;
  /**
   * Pass the query to FTS5 as is (`"exact phrase"`, `a OR b`, `pre*`, `NEAR(a b)`). By default
   * each word is matched literally and all must occur, so user input can never be a syntax error.
   */
  readonly raw?: boolean | undefined;
}

/** Searches turn text, best matches first. */
export type SearchTurns = (
  query: string,
  options?: TurnSearchOptions,
) => Effect.Effect<readonly TurnSearchHit[], StorageError>;

/** Each whitespace-separated word as a quoted FTS5 string, so every word must occur literally. */
export function literalQuery(text: string): string {
  return text
    .split(/\s+/u)
    .filter((word) => word.length > 0)
    .map((word) => `"${word.replaceAll('"', '""')}"`)
    .join(' ');
}

/** Makes `searchTurns` over an open connection. */
export function makeSearchTurns(connection: Connection, context: ErrorContext): SearchTurns {
  const { db } = connection;
  return (query, options = {}) =>
    attempt(context, 'searchTurns', () => {
      const match = options.raw === true ? query : literalQuery(query);
      if (match.trim() === '') return [];
      const limit = Math.max(1, Math.floor(options.limit ?? 20));
      const offset = Math.max(0, Math.floor(options.offset ?? 0));
      const inConversation =
        options.conversationId === undefined
          ? sql``
          : sql`AND conversation_id = ${options.conversationId}`;
      const statement = sql`
        SELECT turn_id AS turnId, conversation_id AS conversationId,
               snippet(turns_fts, -1, '[', ']', '…', 16) AS snippet, rank
        FROM turns_fts
        WHERE turns_fts MATCH ${match} ${inConversation}
        ORDER BY rank
        LIMIT ${limit} OFFSET ${offset}
      `;
      try {
        return db.all<TurnSearchHit>(statement);
      } catch (error) {
        if (options.raw === true && sqliteCode(error) === 'SQLITE_ERROR') {
          throw new StorageError({
            operation: 'searchTurns',
            detail: 'the raw query is not valid FTS5 syntax; fix it, or search without raw',
          });
        }
        throw error;
      }
    });
}
