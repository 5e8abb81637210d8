import { Context, Layer } from 'effect';

/** Wall-clock time for stored timestamps. Injected so tests and replay are deterministic. */
export interface ClockShape {
  /** Epoch milliseconds. */
  now(): number;
}

/** The `Clock` service (Weft's own, for stored timestamps; Effect's clock still drives sleeps). */
export class WeftClock extends Context.Service<WeftClock, ClockShape>()('@weft/core/Clock') {}

/** The system clock. */
export const systemClock: ClockShape = { now: () => Date.now() };

/** A clock that only moves when told: for tests. */
export interface FixedClock extends ClockShape {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock that starts at `startMs` and moves only by `advance`/`set` (or `stepMs` per read). */
export function fixedClock(startMs = Date.UTC(2026, 0, 1), stepMs = 0): FixedClock {
  let t = startMs;
  return {
    now: () => {
      const v = t;
      t += stepMs;
      return v;
    },
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A layer providing the system clock. */
export const systemClockLayer: Layer.Layer<WeftClock> = Layer.succeed(WeftClock, systemClock);
