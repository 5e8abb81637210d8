/**
 * The stored conversation record type. `@weft/core` exports its live `Conversation` class under
 * that name, which hides the record interface of the same name; this recovers it from the port.
 *
 * @module
 */
import type { TurnStoreShape } from '@weft/core';
import type { Effect } from 'effect';

/** A stored conversation: id, head turn, metadata, server conversation id. */
export type ConversationRecord = Effect.Success<ReturnType<TurnStoreShape['getConversation']>>;
