/**
 * The tagged errors of `@weft/replay`.
 *
 * @module
 */
import { Data } from 'effect';
import type { RequestChange } from './divergence/request-diff.js';

/** Why a request did not match the recording. */
export type DivergenceKind =
  /** The request differs from the recorded one at the same position. */
  | 'changed'
  /** The application sent more requests than were recorded. */
  | 'extra'
  /** The application made fewer calls than were recorded (found when the replay is checked at the end). */
  | 'missing';

/**
 * A request sent during replay is not the one that was recorded. Carries where (position and the
 * recorded turn), and a structured diff: one {@link RequestChange} per differing field, each with
 * the recorded and the current value. Request bodies hold no credentials (headers are never
 * compared), so the diff is safe to print.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const error = await run().catch((e: unknown) => e);
 * if (isReplayDivergence(error)) console.log(error.report);
 * ```
 */
export class ReplayDivergence extends Data.TaggedError('ReplayDivergence')<{
  readonly kind: DivergenceKind;
  /** 0-based position of the request among the calls the replay served. */
  readonly position: number;
  /** The recorded turn the request was compared with, when there is one. */
  readonly turnId: string | undefined;
  /** The recorded response id at that position, when there is one. */
  readonly responseId: string | undefined;
  /** One entry per differing field; empty for `extra` and `missing`. */
  readonly changes: readonly RequestChange[];
  /** The diff as readable text: field paths with recorded and current values, text diffs for long strings. */
  readonly report: string;
}> {
  override get message(): string {
    switch (this.kind) {
      case 'extra':
        return `Replay request #${this.position} has no recorded counterpart: the application made more model calls than the recording holds. Record the conversation again, or use lenient mode with a live client.`;
      case 'missing':
        return `Replay ended before recorded call #${this.position} (turn ${this.turnId ?? '(unknown)'}) was requested: the application made fewer model calls than the recording holds. Check why it stopped early, or record the conversation again.`;
      case 'changed': {
        const fields = [...new Set(this.changes.map((c) => c.path))];
        const shown =
          fields.slice(0, 5).join(', ') +
          (fields.length > 5 ? `, … (${fields.length} fields)` : '');
        return `Replay request #${this.position} diverged from recorded turn ${this.turnId ?? '(unknown)'} in ${shown}. Fix the code, or record the conversation again if the change is intended.\n${this.report}`;
      }
    }
  }
}

/**
 * A replay was asked to serve a conversation or turn the store does not have, or one with no
 * recorded turns.
 *
 * @since 0.1.0
 */
export class ReplayRecordingMissing extends Data.TaggedError('ReplayRecordingMissing')<{
  readonly what: string;
}> {
  override get message(): string {
    return `Nothing to replay: ${this.what}. Pass the id of a conversation (or head turn) that has completed turns in this store.`;
  }
}

/** Every error `@weft/replay` raises itself. */
export type ReplayError = ReplayDivergence | ReplayRecordingMissing;

/**
 * True when `value` is a {@link ReplayDivergence}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * if (isReplayDivergence(error)) console.error(error.report);
 * ```
 */
export function isReplayDivergence(value: unknown): value is ReplayDivergence {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { _tag?: unknown })._tag === 'ReplayDivergence'
  );
}
