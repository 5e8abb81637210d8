/**
 * How the engine takes over a strategy's writes when everything about a turn is known at its end.
 *
 * @module
 */
import type { TurnEvent } from '../domain/events.js';
import type { StrategyContext } from '../ports/execution-strategy.js';

/**
 * A {@link StrategyContext} whose runner stores the turn's events together with the turn's end
 * (one `finishTurn` write) and then reports them. A strategy that learns everything at once (the
 * blocking one) gives its events to `handOff` instead of recording the response id, appending
 * and emitting them itself; streaming strategies ignore it and keep writing as events arrive.
 */
export interface HandOffContext extends StrategyContext {
  /** Takes the turn's events in order; the runner stores them, then emits them. */
  readonly handOff?: ((events: readonly TurnEvent[]) => void) | undefined;
}
