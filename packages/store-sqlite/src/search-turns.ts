/**
 * Full-text search over the text of ended turns (the user's input and the assistant's output),
 * through the contentless FTS5 index the migrations' triggers keep in step with the turns table.
 *
 * @module
 */
import { StorageError } from '@weft/core';
import type Database from 'better-sqlite3';
import type { Effect } from 'effect';
import type { Connection } from './internal/connection.js';
import { attempt, type ErrorContext, sqliteCode } from './internal/errors.js';
import { inputTextSql, outputTextSql } from './internal/turn-text.js';

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

/** Searches the text of ended turns (a turn is indexed when it ends), best matches first. */
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

/** What the index query returns per hit. */
interface HitRow {
  readonly seq: number;
  readonly turnId: string;
  readonly conversationId: string;
  readonly rank: number;
}

/** The statements of one connection, prepared on its first search. */
function prepareSearch(client: Database.Database) {
  const hitsFrom = (filter: string) =>
    client.prepare<[string, ...unknown[]], HitRow>(`
      SELECT t.seq AS seq, t.id AS turnId, t.conversation_id AS conversationId, turns_fts.rank AS rank
      FROM turns_fts CROSS JOIN turns t ON t.seq = turns_fts.rowid
      WHERE turns_fts MATCH ? ${filter}
      ORDER BY turns_fts.rank
      LIMIT ? OFFSET ?`);
  // The index keeps no text (contentless): snippets come from the hits' own rows, indexed in a
  // temporary table with the same tokenizer, so FTS5 picks the fragments as it always did.
  client.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.turns_fts_snippets USING fts5(
      input_text, output_text, tokenize = 'unicode61 remove_diacritics 2')`);
  return {
    hasPending: client.prepare('SELECT 1 FROM turns_fts_pending LIMIT 1').pluck(),
    unindexStale: client.prepare(
      'DELETE FROM turns_fts WHERE rowid IN (SELECT seq FROM turns_fts_pending WHERE was_indexed)',
    ),
    indexPending: client.prepare(`
      INSERT INTO turns_fts (rowid, input_text, output_text)
      SELECT t.seq, ${inputTextSql('t.request')}, ${outputTextSql('t.output')}
      FROM turns_fts_pending p CROSS JOIN turns t ON t.seq = p.seq
      WHERE t.status NOT IN ('pending', 'in_progress')`),
    clearPending: client.prepare('DELETE FROM turns_fts_pending'),
    hits: hitsFrom(''),
    hitsInConversation: hitsFrom('AND t.conversation_id = ?'),
    clearSnippets: client.prepare('DELETE FROM temp.turns_fts_snippets'),
    fillSnippets: client.prepare<[string]>(`
      INSERT INTO temp.turns_fts_snippets (rowid, input_text, output_text)
      SELECT seq, ${inputTextSql('request')}, ${outputTextSql('output')}
      FROM turns WHERE seq IN (SELECT value FROM json_each(?))`),
    snippets: client
      .prepare<[string], [number, string]>(
        `
        SELECT rowid, snippet(turns_fts_snippets, -1, '[', ']', '…', 16)
        FROM temp.turns_fts_snippets WHERE turns_fts_snippets MATCH ?`,
      )
      .raw(),
  };
}

/** Makes `searchTurns` over an open connection. */
export function makeSearchTurns(connection: Connection, context: ErrorContext): SearchTurns {
  const { client } = connection;
  let prepared: ReturnType<typeof prepareSearch> | undefined;
  const statements = () => (prepared ??= prepareSearch(client));
  /** Indexes the turns that ended since the last search (queued by the triggers), in one go. */
  const catchUp = client.transaction(() => {
    const { unindexStale, indexPending, clearPending } = statements();
    unindexStale.run();
    indexPending.run();
    clearPending.run();
  });
  const search = client.transaction(
    (match: string, limit: number, offset: number, conversationId: string | undefined) => {
      const { hits: all, hitsInConversation, clearSnippets, fillSnippets, snippets } = statements();
      const hits =
        conversationId === undefined
          ? all.all(match, limit, offset)
          : hitsInConversation.all(match, conversationId, limit, offset);
      if (hits.length === 0) return [];
      clearSnippets.run();
      fillSnippets.run(JSON.stringify(hits.map((hit) => hit.seq)));
      const snippetOf = new Map(snippets.all(match));
      clearSnippets.run();
      return hits.map((hit): TurnSearchHit => ({
        turnId: hit.turnId,
        conversationId: hit.conversationId,
        snippet: snippetOf.get(hit.seq) ?? '',
        rank: hit.rank,
      }));
    },
  );
  return (query, options = {}) =>
    attempt(context, 'searchTurns', () => {
      const match = options.raw === true ? query : literalQuery(query);
      if (match.trim() === '') return [];
      const limit = Math.max(1, Math.floor(options.limit ?? 20));
      const offset = Math.max(0, Math.floor(options.offset ?? 0));
      // A read-only store cannot index: it searches what the last writer's search indexed.
      if (!client.readonly && statements().hasPending.get() !== undefined) catchUp.immediate();
      try {
        return search(match, limit, offset, options.conversationId);
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
