import type { TurnEvent } from '../domain/events.js';
import type { InputItem } from '../domain/items.js';
import type {
  ContextStrategyName,
  ExecutionStrategyName,
  TurnError,
  TurnFallback,
} from '../domain/turn.js';

/** A function call waiting for a person's decision. */
export interface PendingApproval {
  readonly callId: string;
  readonly name: string;
  readonly arguments: string;
}

/** A person's decision on one call. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly reason?: string | undefined;
}

/**
 * The conversation machine's context. JSON data only — ids, counters, settings — so the snapshot
 * round-trips through `JSON.stringify` and a machine can be rebuilt in another process.
 */
export interface ConversationContext {
  readonly conversationId: string;
  readonly headTurnId: string | null;
  /** The conversation's version as last seen; compare-and-swap of the head checks it. */
  readonly version: number;
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly maxToolRounds: number;
  readonly maxCorrections: number;
  /** Correlates the machine's work with the `send` call that started it. */
  readonly sendId: string | null;
  /** The input of the next turn to run (user input, tool outputs, or a correction). */
  readonly pendingInput: readonly InputItem[] | null;
  /** The turn the machine is working on. */
  readonly currentTurnId: string | null;
  /** A context-strategy fallback to record on the next turn. */
  readonly fallback: TurnFallback | null;
  /** Overrides the context strategy for the next turn only (set by a fallback). */
  readonly nextContextStrategy: ContextStrategyName | null;
  readonly toolRound: number;
  readonly corrections: number;
  readonly attempt: number;
  readonly retryDelayMs: number;
  readonly approvals: readonly PendingApproval[];
  readonly decisions: Readonly<Record<string, ApprovalDecision>>;
  readonly lastError: TurnError | null;
}

/** What the run actor reports when a turn ended with a terminal Response. */
export interface RunOutcome {
  readonly turnId: string;
  readonly responseId: string | null;
  readonly status: 'completed' | 'incomplete' | 'failed';
  /** The conversation's version after the head moved to this turn. */
  readonly version: number;
  /** Function calls the model made in this turn. */
  readonly calls: readonly PendingApproval[];
  /** The subset of `calls` that needs a person's approval. */
  readonly needsApproval: readonly string[];
  /** Set when structured output failed validation. */
  readonly validationIssues: readonly string[] | null;
  readonly error: TurnError | null;
}

/** What the run actor reports when the turn could not finish. */
export interface RunFailure {
  readonly turnId: string;
  readonly error: TurnError;
  /** Set when the retry policy allows another attempt. */
  readonly retryDelayMs: number | null;
  /** Set when the server lost the previous response and the turn should be re-sent with local context. */
  readonly fallbackReason: string | null;
}

/** Events a caller sends to the machine. */
export type ConversationInputEvent =
  | { readonly type: 'turn.send'; readonly sendId: string; readonly input: readonly InputItem[] }
  | { readonly type: 'turn.cancel'; readonly reason?: string | undefined }
  | { readonly type: 'turn.retry'; readonly sendId: string }
  | { readonly type: 'tool.approve'; readonly callId: string }
  | { readonly type: 'tool.reject'; readonly callId: string; readonly reason?: string | undefined }
  | { readonly type: 'settings.update'; readonly contextStrategy?: ContextStrategyName | undefined; readonly executionStrategy?: ExecutionStrategyName | undefined }
  | { readonly type: 'head.reset'; readonly headTurnId: string | null; readonly version: number };

/**
 * Events the run actor sends back. Weft's own run actor sends `run.done` and `run.error` only: its
 * turn events go straight to the send's reader (`Conversation`), since they change neither state
 * nor context; `run.event` is forwarded as `turn.event` for run actors provided by others.
 */
export type ConversationActorEvent =
  | { readonly type: 'run.event'; readonly event: TurnEvent }
  | { readonly type: 'run.done'; readonly outcome: RunOutcome }
  | { readonly type: 'run.error'; readonly failure: RunFailure };

/** Every event the machine accepts. */
export type ConversationEvent = ConversationInputEvent | ConversationActorEvent;

/**
 * Events the machine emits to listeners (`actor.on(type, …)`). `turn.event` comes only from a
 * `run.event` (see {@link ConversationActorEvent}); a send's turn events are read from its handle.
 */
export type ConversationEmitted =
  | { readonly type: 'turn.event'; readonly sendId: string | null; readonly event: TurnEvent }
  | { readonly type: 'turn.started'; readonly sendId: string | null; readonly turnId: string }
  | { readonly type: 'send.finished'; readonly sendId: string | null; readonly turnId: string | null }
  | { readonly type: 'send.failed'; readonly sendId: string | null; readonly error: TurnError }
  | { readonly type: 'send.cancelled'; readonly sendId: string | null; readonly turnId: string | null }
  | { readonly type: 'approval.requested'; readonly sendId: string | null; readonly calls: readonly PendingApproval[] };

/** Input to create the machine. */
export interface ConversationMachineInput {
  readonly conversationId: string;
  readonly headTurnId: string | null;
  readonly version: number;
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly maxToolRounds: number;
  readonly maxCorrections: number;
}

/** Input of the prepare actor. */
export interface PrepareInput {
  readonly conversationId: string;
  readonly sendId: string | null;
  readonly parentId: string | null;
  readonly input: readonly InputItem[];
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly fallback: TurnFallback | null;
}

/** Input of the run actor. */
export interface RunInput {
  readonly turnId: string;
  readonly conversationId: string;
  readonly sendId: string | null;
  readonly expectedVersion: number;
  readonly attempt: number;
  readonly executionStrategy: ExecutionStrategyName;
}

/** Input of the tool actor. */
export interface ToolsInput {
  readonly turnId: string;
  readonly sendId: string | null;
  readonly conversationId: string;
  readonly decisions: Readonly<Record<string, ApprovalDecision>>;
}

/** Input of the cancel-recording actor. */
export interface MarkCancelledInput {
  readonly turnId: string | null;
  readonly reason: string;
}
