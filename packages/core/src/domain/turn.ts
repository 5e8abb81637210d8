import type { InputItem, OutputItem, TurnParams, Usage } from './items.js';

/** How the next call gets its history. */
export type ContextStrategyName = 'server' | 'local' | 'conversation';

/** How one turn runs. */
export type ExecutionStrategyName = 'blocking' | 'stream' | 'background';

/** Where a turn is in its life. `pending` = stored but not yet sent. */
export type TurnStatus =
  | 'pending'
  | 'in_progress'
  | 'completed'
  | 'incomplete'
  | 'failed'
  | 'cancelled';

/** The request of a turn: this call's own input items and parameters. */
export interface TurnRequest {
  readonly input: readonly InputItem[];
  readonly params: TurnParams;
}

/** Why a turn used another context strategy than the one asked for. */
export interface TurnFallback {
  readonly from: ContextStrategyName;
  readonly to: ContextStrategyName;
  readonly reason: string;
}

/** A failure recorded on a turn: the error's tag and message, never secrets. */
export interface TurnError {
  readonly tag: string;
  readonly message: string;
}

/** Timestamps of a turn, in epoch milliseconds from the injected clock. */
export interface TurnTimings {
  readonly createdAt: number;
  readonly startedAt?: number | undefined;
  readonly firstTokenAt?: number | undefined;
  readonly completedAt?: number | undefined;
}

/**
 * One Responses API call: the input sent, the Response that came back, timings. Turns form a tree
 * by `parentId`; a conversation's history is the path from a root turn to its head.
 */
export interface Turn {
  readonly id: string;
  readonly conversationId: string;
  readonly parentId: string | null;
  /** 0 for a root turn, parent depth + 1 otherwise. */
  readonly depth: number;
  readonly request: TurnRequest;
  readonly responseId: string | null;
  readonly status: TurnStatus;
  readonly output: readonly OutputItem[];
  /** True while output is incomplete because the turn is running or was interrupted. */
  readonly partial: boolean;
  readonly usage: Usage | null;
  readonly timings: TurnTimings;
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly fallback: TurnFallback | null;
  readonly error: TurnError | null;
  /** Why a turn ended `incomplete` (`max_output_tokens`, `content_filter`). */
  readonly incompleteReason: string | null;
}

/** What a store needs to begin a turn. */
export interface NewTurn {
  readonly id: string;
  readonly conversationId: string;
  readonly parentId: string | null;
  readonly request: TurnRequest;
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly fallback?: TurnFallback | null | undefined;
  readonly createdAt: number;
}

/** The end of a turn as recorded by `completeTurn`. */
export interface TurnResult {
  readonly status: 'completed' | 'incomplete' | 'failed' | 'cancelled';
  readonly responseId: string | null;
  readonly output: readonly OutputItem[];
  readonly usage: Usage | null;
  readonly completedAt: number;
  /**
   * When the request was sent, for a turn whose start was not recorded before (a blocking turn
   * ends in one write); a start already recorded is kept.
   */
  readonly startedAt?: number | undefined;
  readonly error?: TurnError | null | undefined;
  readonly incompleteReason?: string | null | undefined;
  /** True when the output is what had arrived before an interruption. */
  readonly partial?: boolean | undefined;
}
