/**
 * Options of the stream strategy.
 *
 * @module
 */
import { defaultTurnEventBus, type TurnEventBus } from './turn-event-bus.js';

/**
 * How the stream strategy persists and resumes. Every field is optional.
 *
 * @since 0.1.0
 */
export interface StreamStrategyOptions {
  /** Write a batch once this many events wait (default 128). */
  readonly flushEveryEvents?: number | undefined;
  /** Write a batch when its oldest change is this old, ms; also the idle-flush period (default 100). */
  readonly flushIntervalMs?: number | undefined;
  /** Append every turn event to the store's event log, for `attachToTurn` (default true). */
  readonly persistEvents?: boolean | undefined;
  /** Write the partial output with every batch, not only when the stream breaks (default true). */
  readonly persistPartialOutput?: boolean | undefined;
  /**
   * Create every stream turn as a background response (`background: true, store: true`), so a
   * dropped stream is resumed with `starting_after` instead of failing (default false). Requests
   * whose params already say `background: true` are resumed either way.
   */
  readonly background?: boolean | undefined;
  /** Resumes of a dropped background stream before giving up (default 3). */
  readonly resumeAttempts?: number | undefined;
  /** Wait before resume n is n × this, ms (default 200). */
  readonly resumeDelayMs?: number | undefined;
  /** Where same-process readers hear about new events (default: the shared `defaultTurnEventBus`). */
  readonly bus?: TurnEventBus | undefined;
}

/** The options with defaults filled in. */
export interface ResolvedStreamOptions {
  readonly flushEveryEvents: number;
  readonly flushIntervalMs: number;
  readonly persistEvents: boolean;
  readonly persistPartialOutput: boolean;
  readonly background: boolean;
  readonly resumeAttempts: number;
  readonly resumeDelayMs: number;
  readonly bus: TurnEventBus;
}

const positive = (value: number | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`streamStrategy: ${name} must be a non-negative number, got ${value}.`);
  }
  return value;
};

/** Fills in the defaults; throws RangeError for negative or non-finite numbers. */
export function resolveStreamOptions(options: StreamStrategyOptions = {}): ResolvedStreamOptions {
  return {
    flushEveryEvents: Math.max(1, positive(options.flushEveryEvents, 128, 'flushEveryEvents')),
    flushIntervalMs: Math.max(1, positive(options.flushIntervalMs, 100, 'flushIntervalMs')),
    persistEvents: options.persistEvents ?? true,
    persistPartialOutput: options.persistPartialOutput ?? true,
    background: options.background ?? false,
    resumeAttempts: positive(options.resumeAttempts, 3, 'resumeAttempts'),
    resumeDelayMs: positive(options.resumeDelayMs, 200, 'resumeDelayMs'),
    bus: options.bus ?? defaultTurnEventBus,
  };
}
