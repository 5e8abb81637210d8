/**
 * Filtering, ordering and keyset paging of conversations for the memory turn store.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Conversation, ConversationQuery, Page } from '../domain/conversation.js';
import { StorageError } from '../errors.js';

/** Page size when a query gives no `limit`. */
export const defaultConversationPageSize = 50;

/** The position of a conversation in listing order: newest `updatedAt` first, then id descending. */
interface ListPosition {
  readonly updatedAt: number;
  readonly id: string;
}

/** Orders conversations newest `updatedAt` first; equal times by id, descending. */
export function compareListOrder(a: ListPosition, b: ListPosition): number {
  if (a.updatedAt !== b.updatedAt) return b.updatedAt - a.updatedAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Encodes a listing position as an opaque cursor. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id]), 'utf8').toString(
    'base64url',
  );
}

/** Decodes a cursor made by {@link encodeCursor}; `StorageError` for anything else. */
export function decodeCursor(cursor: string): ListPosition | StorageError {
  const invalid = new StorageError({
    operation: 'listConversations',
    detail: 'the cursor was not issued by this store; pass the nextCursor of a previous page',
  });
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
    return invalid;
  } catch {
    return invalid;
  }
}

/** True when the conversation passes every filter of the query (cursor and limit aside). */
export function matchesQuery(conversation: Conversation, query: ConversationQuery): boolean {
  if (query.updatedAfter !== undefined && !(conversation.updatedAt > query.updatedAfter)) {
    return false;
  }
  if (query.updatedBefore !== undefined && !(conversation.updatedAt < query.updatedBefore)) {
    return false;
  }
  if (query.metadata !== undefined) {
    for (const [key, value] of Object.entries(query.metadata)) {
      if (!Object.hasOwn(conversation.metadata, key) || conversation.metadata[key] !== value) {
        return false;
      }
    }
  }
  return true;
}

/**
 * One page of `conversations` under `query`. Paging is keyset-based: a cursor names the last
 * position returned, so conversations created or moved between pages never repeat a row.
 */
export function pageConversations(
  conversations: Iterable<Conversation>,
  query: ConversationQuery,
): Page<Conversation> | StorageError {
  const limit = Math.max(1, Math.floor(query.limit ?? defaultConversationPageSize));
  let after: ListPosition | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    if (decoded instanceof StorageError) return decoded;
    after = decoded;
  }
  const matching: Conversation[] = [];
  for (const conversation of conversations) {
    if (!matchesQuery(conversation, query)) continue;
    if (after !== undefined && compareListOrder(conversation, after) <= 0) continue;
    matching.push(conversation);
  }
  matching.sort(compareListOrder);
  const items = matching.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = matching.length > limit && last !== undefined ? encodeCursor(last) : null;
  return { items, nextCursor };
}
