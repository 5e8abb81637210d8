/**
 * Resolved settings shared by the background strategy and the worker.
 *
 * @module
 */
import type { ClockShape } from '@weft/core';
import { randomUUID } from 'node:crypto';

/** Poll back-off: the first wait, the longest wait, and the factor between two waits. */
export interface PollOptions {
  /** First wait after creating the response, and after any progress (default 250 ms). */
  readonly initialMs?: number | undefined;
  /** Longest wait between two polls (default 5000 ms). */
  readonly maxMs?: number | undefined;
  /** Factor between two waits while nothing changes (default 1.5). */
  readonly multiplier?: number | undefined;
}

/** {@link PollOptions} with every field set. */
export interface ResolvedPoll {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
}

/** The poll back-off used when none is given. */
export const defaultPollOptions: ResolvedPoll = { initialMs: 250, maxMs: 5000, multiplier: 1.5 };

/** The lease length used when none is given. */
export const defaultLeaseMs = 30_000;

export function resolvePoll(poll: PollOptions | undefined): ResolvedPoll {
  const initialMs = Math.max(1, poll?.initialMs ?? defaultPollOptions.initialMs);
  return {
    initialMs,
    maxMs: Math.max(initialMs, poll?.maxMs ?? defaultPollOptions.maxMs),
    multiplier: Math.max(1, poll?.multiplier ?? defaultPollOptions.multiplier),
  };
}

/** The wait before poll number `attempt` (0-based) of a stretch without progress. */
export function pollDelayMs(poll: ResolvedPoll, attempt: number): number {
  return Math.min(poll.maxMs, Math.round(poll.initialMs * poll.multiplier ** Math.max(0, attempt)));
}

/**
 * The back-off step and wait after a poll that found the job still running: back to the first
 * step when output arrived, else one step further; never shorter than the server's `Retry-After`.
 */
export function nextPoll(
  poll: ResolvedPoll,
  backoff: number,
  found: { readonly progressed: boolean; readonly retryAfterMs: number | undefined },
): { readonly backoff: number; readonly delayMs: number } {
  const next = found.progressed ? 0 : backoff + 1;
  return { backoff: next, delayMs: Math.max(found.retryAfterMs ?? 0, pollDelayMs(poll, next)) };
}

/** A lease owner name unique to this process. */
export function defaultOwner(): string {
  return `weft-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** How long to wait between two lease renewals: a third of the lease. */
export function renewEveryMs(leaseMs: number): number {
  return Math.max(1, Math.floor(leaseMs / 3));
}

/** The clock a strategy run uses: the given one, else the conversation's. */
export function nowFrom(clock: ClockShape | undefined, fallback: () => number): () => number {
  return clock === undefined ? fallback : () => clock.now();
}
