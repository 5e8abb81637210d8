/**
 * The PostgreSQL turn store: the turn tree, its conversations and per-turn event logs.
 *
 * @module
 */
import type { TurnStoreShape } from '@weft/core';
import type { RunContext } from './internal/attempt.js';
import type { Connection } from './internal/connection.js';
import { makeConversationOps } from './internal/conversation-ops.js';
import { makeTurnOps } from './internal/turn-ops.js';

/**
 * Makes a {@link TurnStoreShape} over an open pool. `setHead` is one conditional `UPDATE` (the
 * compare-and-swap); writes that must read first run in a transaction.
 */
export function makePostgresTurnStore(connection: Connection, context: RunContext): TurnStoreShape {
  return { ...makeConversationOps(connection, context), ...makeTurnOps(connection, context) };
}
