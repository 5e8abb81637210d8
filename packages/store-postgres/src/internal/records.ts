/**
 * The stored conversation record, named from the port. `@weft/core`'s index exports its runtime
 * `Conversation` class under that name, which shadows the domain type of the same name.
 *
 * @module
 */
import type { TurnStoreShape } from '@weft/core';
import type { Effect } from 'effect';

/** A conversation as the turn store keeps it (the domain `Conversation` record). */
export type ConversationRecord = Effect.Success<ReturnType<TurnStoreShape['getConversation']>>;
