/** Free-form metadata on a conversation. JSON values only. */
export type Metadata = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A named pointer to a head turn. Several conversations can share ancestors (branches); forking
 * makes a new conversation whose head is an old turn, copying nothing.
 */
export interface Conversation {
  readonly id: string;
  readonly title: string | null;
  readonly headTurnId: string | null;
  readonly metadata: Metadata;
  /** Bumped by every head move; compare-and-swap uses it so two writers cannot both win. */
  readonly version: number;
  /** The server-side conversation id (`conv_…`) for the `conversation` context strategy. */
  readonly serverConversationId: string | null;
  /** The conversation this one was forked from, if any. */
  readonly forkedFrom: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a store needs to create a conversation. */
export interface NewConversation {
  readonly id: string;
  readonly title?: string | null | undefined;
  readonly metadata?: Metadata | undefined;
  readonly headTurnId?: string | null | undefined;
  readonly serverConversationId?: string | null | undefined;
  readonly forkedFrom?: string | null | undefined;
  readonly createdAt: number;
}

/** Filters and paging for listing conversations, newest `updatedAt` first. */
export interface ConversationQuery {
  readonly limit?: number | undefined;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string | undefined;
  /** Every given key must equal the conversation's metadata value. */
  readonly metadata?: Metadata | undefined;
  readonly updatedAfter?: number | undefined;
  readonly updatedBefore?: number | undefined;
}

/** One page of a listing. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
