import type { TurnEvent } from '../domain/events.js';
import type { OutputItem, ResponseObject, Usage } from '../domain/items.js';
import type { Turn } from '../domain/turn.js';
import type { PendingApproval } from '../machine/machine-types.js';

/** What a `for await` over `turn.events()` yields: the turn events plus the send's own milestones. */
export type SendEvent =
  | TurnEvent
  | { readonly type: 'turn.started'; readonly turnId: string }
  | { readonly type: 'approval.requested'; readonly calls: readonly PendingApproval[] };

/** What a finished `send` resolves with. */
export interface SendResult<T = unknown> {
  /** The last turn of this send (the model's final answer). */
  readonly turn: Turn;
  /** Every turn this send made, in order: the user's turn, then one per tool round or correction. */
  readonly turns: readonly Turn[];
  /** The final answer's text (every `output_text` part, joined). */
  readonly text: string;
  readonly output: readonly OutputItem[];
  /** The parsed structured output, when `send` was given an `output` schema. */
  readonly parsed: T | undefined;
  readonly status: 'completed' | 'incomplete';
  /** Usage summed over every turn of this send. */
  readonly usage: Usage | null;
  readonly responseId: string | null;
}

/**
 * A send in flight. Iterate `events()` for progress, await `result` for the end, call `cancel()`
 * to stop it (the HTTP request is aborted and the turn recorded as cancelled).
 */
export interface TurnHandle<T = unknown> {
  readonly sendId: string;
  /** Progress events; iterate once. Ends when the send finishes, fails, or is cancelled. */
  events(): AsyncIterable<SendEvent>;
  /**
   * Resolves when the model has answered (after any tool rounds and approvals).
   * @throws the tagged error that ended the send (`RateLimited`, `Cancelled`, `ToolFailed`, …)
   */
  readonly result: Promise<SendResult<T>>;
  cancel(reason?: string): void;
}

/** Re-exported for convenience. */
export type { ResponseObject };
