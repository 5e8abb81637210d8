/**
 * An in-process notifier: the stream strategy publishes a turn's events right after they are
 * stored, and readers attached to that turn in the same process hear about them without polling.
 *
 * @module
 */
import type { StoredEvent } from '@weft/core';

/** What a subscriber hears about one turn. */
export interface TurnEventListener {
  /** Events just appended to the turn's log, in index order. */
  readonly onEvents: (events: readonly StoredEvent[]) => void;
  /** The strategy stopped writing to the turn (finished, failed or interrupted). */
  readonly onEnd: () => void;
}

/**
 * Fan-out of stored turn events to same-process readers, keyed by turn id. Publishing to a turn
 * nobody listens to costs one map lookup. Listeners run synchronously and must not throw.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const bus = new TurnEventBus();
 * const off = bus.subscribe('turn_1', { onEvents: (events) => console.log(events), onEnd: () => {} });
 * off();
 * ```
 */
export class TurnEventBus {
  private readonly listeners = new Map<string, Set<TurnEventListener>>();

  /** Listens to one turn; returns the function that stops listening. */
  subscribe(turnId: string, listener: TurnEventListener): () => void {
    let set = this.listeners.get(turnId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(turnId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(turnId);
      if (current === undefined) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(turnId);
    };
  }

  /** Announces events that are now in the store. */
  publish(turnId: string, events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const set = this.listeners.get(turnId);
    if (set === undefined) return;
    for (const listener of [...set]) listener.onEvents(events);
  }

  /** Announces that nothing more will be written to the turn by this process. */
  end(turnId: string): void {
    const set = this.listeners.get(turnId);
    if (set === undefined) return;
    for (const listener of [...set]) listener.onEnd();
  }

  /** How many readers listen to a turn (for tests and metrics). */
  listenerCount(turnId: string): number {
    return this.listeners.get(turnId)?.size ?? 0;
  }
}

/** The bus the stream strategy and `attachToTurn` share unless told otherwise. */
export const defaultTurnEventBus: TurnEventBus = new TurnEventBus();
