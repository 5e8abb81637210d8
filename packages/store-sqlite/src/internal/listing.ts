/**
 * Listing conversations: filters as SQL conditions, newest `updatedAt` first, keyset paging.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { StorageError, type ConversationQuery, type Metadata } from '@weft/core';
import { and, desc, gt, lt, or, eq, sql, type SQL } from 'drizzle-orm';
import { conversations } from '../schema.js';
import type { WeftDatabase } from './connection.js';
import { type ConversationRow } from './rows.js';

/** Page size when a query gives no `limit`. */
export const defaultPageSize = 50;

interface Position {
  readonly updatedAt: number;
  readonly id: string;
}

/** The opaque cursor naming the last row of a page. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id]), 'utf8').toString(
    'base64url',
  );
}

/** The position a cursor names; `StorageError` when it was not issued by a store. */
export function decodeCursor(cursor: string): Position {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'number' &&
      typeof parsed[1] === 'string'
    ) {
      return { updatedAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new StorageError({
    operation: 'listConversations',
    detail: 'the cursor was not issued by this store; pass the nextCursor of a previous page',
  });
}

/** A condition matching one metadata key exactly, JSON type included (1 ≠ true ≠ "1"). */
function metadataEquals(key: string, value: Metadata[string]): SQL {
  const entry = sql`SELECT 1 FROM json_each(${conversations.metadata}) AS m WHERE m.key = ${key}`;
  if (value === null) return sql`EXISTS (${entry} AND m.type = 'null')`;
  if (typeof value === 'boolean') {
    return sql`EXISTS (${entry} AND m.type = ${value ? 'true' : 'false'})`;
  }
  if (typeof value === 'number') {
    return sql`EXISTS (${entry} AND m.type IN ('integer', 'real') AND m.value = ${value})`;
  }
  return sql`EXISTS (${entry} AND m.type = 'text' AND m.value = ${value})`;
}

/** The rows of one page (one more than `limit`, to tell whether another page follows). */
export function selectPage(
  db: WeftDatabase,
  query: ConversationQuery,
): { readonly rows: readonly ConversationRow[]; readonly limit: number } {
  const limit = Math.max(1, Math.floor(query.limit ?? defaultPageSize));
  const conditions: SQL[] = [];
  if (query.updatedAfter !== undefined)
    conditions.push(gt(conversations.updatedAt, query.updatedAfter));
  if (query.updatedBefore !== undefined) {
    conditions.push(lt(conversations.updatedAt, query.updatedBefore));
  }
  for (const [key, value] of Object.entries(query.metadata ?? {})) {
    conditions.push(metadataEquals(key, value));
  }
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    const before = or(
      lt(conversations.updatedAt, after.updatedAt),
      and(eq(conversations.updatedAt, after.updatedAt), lt(conversations.id, after.id)),
    );
    if (before !== undefined) conditions.push(before);
  }
  const rows = db
    .select()
    .from(conversations)
    .where(and(...conditions))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit + 1)
    .all();
  return { rows, limit };
}
