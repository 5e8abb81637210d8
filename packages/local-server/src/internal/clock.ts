/** A source of the current time in epoch milliseconds. Inject a fixed or manual one for deterministic output. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
}

/** The wall clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to, for tests of expiry and timestamps.
 *
 * @example
 * const clock = createManualClock(Date.UTC(2026, 0, 1));
 * clock.advance(60_000);
 */
export interface ManualClock extends Clock {
  /** Move time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jump to an absolute epoch-milliseconds time. */
  set(ms: number): void;
}

/** Create a {@link ManualClock} starting at `startMs` (default 2026-01-01T00:00:00Z). *
 * @since 0.1.0
 */
export function createManualClock(startMs: number = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
