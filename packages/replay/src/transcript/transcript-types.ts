/**
 * The transcript data model: what every rendering (Markdown, text, JSON) is made from.
 *
 * @module
 */
import type {
  ContextStrategyName,
  ExecutionStrategyName,
  TurnFallback,
  TurnError,
  TurnStatus,
} from '@weft/core';

/** One thing said or done in a turn. */
export type TranscriptEntry =
  | {
      readonly kind: 'message';
      readonly role: 'user' | 'system' | 'developer' | 'assistant';
      readonly text: string;
    }
  | { readonly kind: 'assistant'; readonly text: string; readonly phase?: string | undefined }
  | { readonly kind: 'structured'; readonly text: string; readonly value: unknown }
  | { readonly kind: 'refusal'; readonly text: string }
  | {
      readonly kind: 'reasoning';
      readonly summary: readonly string[];
      readonly text: string | undefined;
    }
  | {
      readonly kind: 'tool-call';
      readonly name: string;
      readonly callId: string;
      /** The arguments as the model wrote them (JSON text). */
      readonly arguments: string;
      /** The output the application sent back in the next turn, when the branch holds it. */
      readonly output: string | undefined;
    }
  | {
      readonly kind: 'tool-output';
      readonly callId: string;
      readonly name: string | undefined;
      readonly output: string;
    }
  | { readonly kind: 'other'; readonly itemType: string };

/** Token usage, flattened. */
export interface TranscriptUsage {
  readonly input: number;
  readonly output: number;
  readonly reasoning: number;
  readonly cached: number;
  readonly total: number;
}

/** One turn as a transcript shows it. */
export interface TranscriptTurn {
  readonly id: string;
  readonly parentId: string | null;
  readonly conversationId: string;
  readonly depth: number;
  readonly responseId: string | null;
  readonly status: TurnStatus;
  readonly model: string | undefined;
  readonly instructions: string | undefined;
  readonly contextStrategy: ContextStrategyName;
  readonly executionStrategy: ExecutionStrategyName;
  readonly fallback: TurnFallback | null;
  readonly error: TurnError | null;
  readonly incompleteReason: string | null;
  /** This turn's own input (user messages, tool outputs). */
  readonly input: readonly TranscriptEntry[];
  /** What the model produced. */
  readonly output: readonly TranscriptEntry[];
  readonly usage: TranscriptUsage | null;
  readonly timings: {
    readonly createdAt: number;
    readonly startedAt: number | undefined;
    readonly firstTokenAt: number | undefined;
    readonly completedAt: number | undefined;
    /** From start (or creation) to completion, ms. */
    readonly latencyMs: number | undefined;
    /** From start (or creation) to the first token, ms. */
    readonly timeToFirstTokenMs: number | undefined;
  };
}

/** A turn and the branches that start after it. */
export interface TranscriptNode {
  readonly turn: TranscriptTurn;
  /** Conversations whose head is this turn. */
  readonly heads: readonly string[];
  readonly children: readonly TranscriptNode[];
}

/** One branch: the turns from a root to a head. */
export interface BranchTranscript {
  readonly kind: 'branch';
  readonly conversationId: string | undefined;
  readonly title: string | null;
  readonly headTurnId: string;
  readonly turns: readonly TranscriptTurn[];
  readonly usage: TranscriptUsage;
}

/** A whole turn tree: every branch grown from one root. */
export interface TreeTranscript {
  readonly kind: 'tree';
  readonly conversationId: string | undefined;
  readonly title: string | null;
  readonly root: TranscriptNode;
  readonly turnCount: number;
  readonly usage: TranscriptUsage;
}

/** A transcript of either shape. */
export type Transcript = BranchTranscript | TreeTranscript;
