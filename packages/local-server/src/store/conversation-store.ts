import type { Clock } from '../internal/clock.js';
import type { StoredItem } from '../request/stored-item.js';

/** A conversation as kept: items in order, oldest first. */
export interface StoredConversation {
  readonly id: string;
  /** Unix seconds. */
  readonly createdAt: number;
  metadata: Record<string, string>;
  readonly items: StoredItem[];
}

/** The Conversation object on the wire. */
export interface WireConversation {
  readonly id: string;
  readonly object: 'conversation';
  readonly created_at: number;
  readonly metadata: Record<string, string>;
}

/** Conversations in memory, bounded by count (oldest dropped first). Items do not expire. */
export class ConversationStore {
  private readonly conversations = new Map<string, StoredConversation>();

  constructor(
    private readonly clock: Clock,
    private readonly maxConversations: number,
  ) {}

  create(id: string, metadata: Record<string, string>, items: readonly StoredItem[]): StoredConversation {
    const conversation: StoredConversation = {
      id,
      createdAt: Math.floor(this.clock.now() / 1000),
      metadata,
      items: [...items],
    };
    this.conversations.set(id, conversation);
    for (const oldest of this.conversations.keys()) {
      if (this.conversations.size <= this.maxConversations) break;
      this.conversations.delete(oldest);
    }
    return conversation;
  }

  get(id: string): StoredConversation | undefined {
    return this.conversations.get(id);
  }

  delete(id: string): boolean {
    return this.conversations.delete(id);
  }

  /** Find an item in any conversation (for `item_reference`). */
  findItem(id: string): StoredItem | undefined {
    for (const conversation of this.conversations.values()) {
      const item = conversation.items.find((i) => i.id === id);
      if (item) return item;
    }
    return undefined;
  }
}

/** The wire form of a conversation. */
export function toWireConversation(conversation: StoredConversation): WireConversation {
  return { id: conversation.id, object: 'conversation', created_at: conversation.createdAt, metadata: conversation.metadata };
}
