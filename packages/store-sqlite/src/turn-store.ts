/**
 * The SQLite turn store: the turn tree, its conversations and per-turn event logs.
 *
 * @module
 */
import type { TurnStoreShape } from '@weft/core';
import type { Connection } from './internal/connection.js';
import { makeConversationOps } from './internal/conversation-ops.js';
import type { ErrorContext } from './internal/errors.js';
import { makeFinishTurn } from './internal/finish-turn.js';
import { makeTurnOps } from './internal/turn-ops.js';

/**
 * Makes a {@link TurnStoreShape} over an open connection. Writes that read first run in
 * `BEGIN IMMEDIATE` transactions, so concurrent writers wait for the busy timeout instead of
 * failing on a stale snapshot; `setHead` is one conditional `UPDATE`; `finishTurn`
 * completes a turn, appends its events and moves the head in one transaction.
 */
export function makeSqliteTurnStore(connection: Connection, context: ErrorContext): TurnStoreShape {
  return {
    ...makeConversationOps(connection, context),
    ...makeTurnOps(connection, context),
    finishTurn: makeFinishTurn(connection, context),
  };
}
