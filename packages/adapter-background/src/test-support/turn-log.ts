/** Test helpers for a turn's stored log and its writes. */
import type { StoredEvent, TurnStoreShape } from '@weft/core';

/** A turn store that counts `completeTurn` calls per turn. */
export function counting(turns: TurnStoreShape, counts: Map<string, number>): TurnStoreShape {
  return {
    ...turns,
    completeTurn: (turnId, result) => {
      counts.set(turnId, (counts.get(turnId) ?? 0) + 1);
      return turns.completeTurn(turnId, result);
    },
  };
}

/** The part of a logged event that does not depend on server-generated ids. */
export const shape = (stored: StoredEvent): string => {
  const e = stored.event;
  if (e.type === 'delta') return `delta:${e.kind}:${e.outputIndex}:${e.delta}`;
  if (e.type === 'item.done') return `item.done:${e.outputIndex}`;
  return e.type;
};
