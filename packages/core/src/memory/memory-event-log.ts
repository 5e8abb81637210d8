/**
 * The per-turn event logs of the memory turn store.
 *
 * @module
 */
import type { StoredEvent, TurnEvent } from '../domain/events.js';
import { frozenCopy } from './frozen.js';

/** Append-only event logs keyed by turn id, with contiguous 0-based indexes. */
export interface MemoryEventLog {
  append(
    turnId: string,
    events: readonly { readonly event: TurnEvent; readonly at: number }[],
  ): void;
  read(turnId: string, fromIndex: number): readonly StoredEvent[];
  drop(turnId: string): void;
}

/** Makes an empty set of event logs. */
export function makeMemoryEventLog(): MemoryEventLog {
  const logs = new Map<string, StoredEvent[]>();
  return {
    append(turnId, events) {
      if (events.length === 0) return;
      let log = logs.get(turnId);
      if (log === undefined) {
        log = [];
        logs.set(turnId, log);
      }
      for (const { event, at } of events) {
        // The copy is frozen already; freezing the wrapper is enough.
        log.push(Object.freeze({ turnId, index: log.length, event: frozenCopy(event), at }));
      }
    },
    read(turnId, fromIndex) {
      const log = logs.get(turnId);
      if (log === undefined) return Object.freeze([]);
      return Object.freeze(log.slice(Math.max(0, Math.floor(fromIndex))));
    },
    drop(turnId) {
      logs.delete(turnId);
    },
  };
}
