/**
 * Listing conversations: filters as SQL conditions, newest `updatedAt` first, keyset paging.
 * Ids compare in code-point order (`COLLATE "C"`) whatever the database's collation.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { StorageError, type ConversationQuery } from '@weft/core';
import { and, gt, lt, sql, type SQL } from 'drizzle-orm';
import { conversations } from '../schema.js';
import type { WeftDatabase } from './connection.js';
import type { ConversationRow } from './rows.js';

/** Page size when a query gives no `limit`. */
export const defaultPageSize = 50;

interface Position {
  readonly updatedAt: number;
  readonly id: string;
}

/** The opaque cursor naming the last row of a page. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id]), 'utf8').toString('base64url');
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

const idC = sql`${conversations.id} COLLATE "C"`;

/** The rows of one page (one more than `limit`, to tell whether another page follows). */
export async function selectPage(
  db: WeftDatabase,
  query: ConversationQuery,
): Promise<{ readonly rows: readonly ConversationRow[]; readonly limit: number }> {
  const limit = Math.max(1, Math.floor(query.limit ?? defaultPageSize));
  const conditions: SQL[] = [];
  if (query.updatedAfter !== undefined) conditions.push(gt(conversations.updatedAt, query.updatedAfter));
  if (query.updatedBefore !== undefined) conditions.push(lt(conversations.updatedAt, query.updatedBefore));
  const metadata = query.metadata ?? {};
  // jsonb containment compares scalars with their JSON type (1 ≠ true ≠ "1"), null included.
  if (Object.keys(metadata).length > 0) {
    conditions.push(sql`${conversations.metadata} @> ${JSON.stringify(metadata)}::jsonb`);
  }
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    conditions.push(
      sql`(${conversations.updatedAt} < ${after.updatedAt} OR (${conversations.updatedAt} = ${after.updatedAt} AND ${idC} < ${after.id}))`,
    );
  }
  const rows = await db
    .select()
    .from(conversations)
    .where(and(...conditions))
    .orderBy(sql`${conversations.updatedAt} DESC`, sql`${idC} DESC`)
    .limit(limit + 1);
  return { rows, limit };
}
