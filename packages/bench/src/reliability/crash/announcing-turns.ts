/**
 * Stores for a crash child that announce the points of a turn on stdout and pause at the ones that
 * are otherwise too brief to be hit by a kill: after the turn is stored, before it is completed,
 * before the head moves, and before the conversation saves its rest state after the turn.
 * Everything else passes through unchanged.
 */
import type { SnapshotStoreShape, TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';
import { say } from './child-process.js';
import { PAUSE_MS } from './crash-plan.js';

const pause = (point: string): Effect.Effect<void> =>
  Effect.andThen(
    Effect.sync(() => say({ at: point })),
    Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, PAUSE_MS))),
  );

/** Wraps `turns` so a killer can aim at each point of a turn. */
export function announcingTurns(turns: TurnStoreShape): TurnStoreShape {
  return {
    ...turns,
    beginTurn: (turn) => Effect.tap(turns.beginTurn(turn), () => pause('stored')),
    recordResponseId: (turnId, responseId, at) =>
      Effect.tap(turns.recordResponseId(turnId, responseId, at), () =>
        Effect.sync(() => say({ at: 'created' })),
      ),
    completeTurn: (turnId, result) =>
      result.status === 'completed'
        ? Effect.andThen(pause('completing'), turns.completeTurn(turnId, result))
        : turns.completeTurn(turnId, result),
    finishTurn: (input) =>
      input.result.status === 'completed'
        ? Effect.andThen(pause('completing'), turns.finishTurn(input))
        : turns.finishTurn(input),
    setHead: (conversationId, expectedVersion, headTurnId, at) =>
      Effect.andThen(pause('head'), turns.setHead(conversationId, expectedVersion, headTurnId, at)),
  };
}

/**
 * Wraps `snapshots` so a killer can aim between the end of a turn and the save of the
 * conversation's next rest state (`idle` or `failed` after `running`).
 */
export function announcingSnapshots(snapshots: SnapshotStoreShape): SnapshotStoreShape {
  let running = false;
  return {
    ...snapshots,
    save: (key, snapshot, at) => {
      const state = (snapshot as { state?: unknown } | null)?.state;
      const conversation = key.startsWith('conversation:');
      const resting = conversation && running && (state === 'idle' || state === 'failed');
      if (conversation) running = state === 'running';
      return resting
        ? Effect.andThen(pause('saving'), snapshots.save(key, snapshot, at))
        : snapshots.save(key, snapshot, at);
    },
  };
}
