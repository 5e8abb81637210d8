/**
 * Reads what a replay serves from the store: the recorded model calls of one branch, in order,
 * each with the exact request that was sent.
 *
 * @module
 */
import {
  assembleRequest,
  isClientErrorTag,
  type CreateParams,
  type StoreError,
  type StoredEvent,
  type Turn,
  type TurnStoreShape,
} from '@weft/core';
import { Effect } from 'effect';
import { ReplayRecordingMissing } from '../errors.js';
import type { ConversationRecord as Conversation } from './conversation-record.js';

/** One recorded Responses API call. */
export interface RecordedCall {
  /** 0-based position among the recording's calls. */
  readonly position: number;
  readonly turn: Turn;
  /** The chain from the root to the turn's parent. */
  readonly ancestors: readonly Turn[];
  /** The conversation the turn was made in. */
  readonly conversation: Conversation;
  /** The request as it was sent (assembled from the stored turn, like the original run did). */
  readonly request: CreateParams;
  /** The turn's stored stream events (empty for blocking turns). */
  readonly events: readonly StoredEvent[];
  /** True for a failed attempt that a later call of the same branch retried. */
  readonly retried: boolean;
}

/** The recorded calls of one branch. */
export interface Recording {
  /** The conversation the branch was read from (the head turn's conversation with `headTurnId`). */
  readonly conversation: Conversation;
  readonly headTurnId: string;
  /** The branch, root first. */
  readonly chain: readonly Turn[];
  /** The calls to serve, in the order they were made. */
  readonly calls: readonly RecordedCall[];
}

/** Which branch to read. */
export type RecordingSource =
  | { readonly conversationId: string; readonly headTurnId?: undefined }
  | { readonly headTurnId: string; readonly conversationId?: string | undefined };

/** Options of {@link loadRecording}. */
export interface LoadRecordingOptions {
  /**
   * Also serve the failed attempts that were retried (a 429 before a success, a dropped stream),
   * so the application's retry path replays too (default true). Attempts of a root turn are not
   * reachable through the store's ports and are skipped.
   */
  readonly includeFailedAttempts?: boolean | undefined;
}

/** True for a turn whose call failed and was tried again as a sibling turn. */
const isRetriedAttempt = (candidate: Turn, successor: Turn): boolean =>
  candidate.id !== successor.id &&
  candidate.conversationId === successor.conversationId &&
  (candidate.status === 'failed' || candidate.status === 'cancelled') &&
  candidate.error !== null &&
  (candidate.responseId !== null || isClientErrorTag(candidate.error.tag)) &&
  candidate.timings.createdAt <= successor.timings.createdAt;

/**
 * Loads the recorded calls of a branch: the chain from its root to its head, and (by default)
 * the failed attempts that were retried in between, each with the request assembled exactly as
 * core assembled it when the turn ran.
 *
 * @throws ReplayRecordingMissing — the conversation has no head turn
 * @throws NotFound, StorageError — from the store
 * @since 0.1.0
 * @example
 * ```ts
 * const recording = yield* loadRecording(store.turns, { conversationId: 'conv_1' });
 * ```
 */
export function loadRecording(
  turns: TurnStoreShape,
  source: RecordingSource,
  options: LoadRecordingOptions = {},
): Effect.Effect<Recording, StoreError | ReplayRecordingMissing> {
  return Effect.gen(function* () {
    let headTurnId = source.headTurnId;
    let conversation: Conversation | undefined;
    if (headTurnId === undefined) {
      if (source.conversationId === undefined) {
        return yield* new ReplayRecordingMissing({
          what: 'neither conversationId nor headTurnId was given',
        });
      }
      conversation = yield* turns.getConversation(source.conversationId);
      if (conversation.headTurnId === null) {
        return yield* new ReplayRecordingMissing({
          what: `conversation ${conversation.id} has no turns`,
        });
      }
      headTurnId = conversation.headTurnId;
    }
    const chain = yield* turns.readChain(headTurnId);
    const head = chain.at(-1);
    if (head === undefined)
      return yield* new ReplayRecordingMissing({ what: `turn ${headTurnId} has no chain` });
    const conversations = new Map<string, Conversation>();
    const conversationOf = (id: string): Effect.Effect<Conversation, StoreError> =>
      Effect.gen(function* () {
        const cached = conversations.get(id);
        if (cached !== undefined) return cached;
        const found = yield* turns.getConversation(id);
        conversations.set(id, found);
        return found;
      });
    const branch: Conversation =
      conversation ?? (yield* conversationOf(source.conversationId ?? head.conversationId));
    conversations.set(branch.id, branch);

    const calls: RecordedCall[] = [];
    const add = (turn: Turn, ancestors: readonly Turn[], retried: boolean) =>
      Effect.gen(function* () {
        const owner = yield* Effect.orElseSucceed(
          conversationOf(turn.conversationId),
          () => branch,
        );
        const request = assembleRequest({ turn, ancestors, conversation: owner }).params;
        const events = yield* turns.readEvents(turn.id, 0);
        calls.push({
          position: calls.length,
          turn,
          ancestors,
          conversation: owner,
          request,
          events,
          retried,
        });
      });
    for (const [index, turn] of chain.entries()) {
      const ancestors = chain.slice(0, index);
      if (options.includeFailedAttempts !== false && turn.parentId !== null) {
        const siblings = yield* turns.childrenOf(turn.parentId);
        const attempts = siblings
          .filter((s) => isRetriedAttempt(s, turn) && !chain.some((c) => c.id === s.id))
          .filter((s) => s.timings.createdAt >= (chain[index - 1]?.timings.createdAt ?? 0))
          .sort((a, b) => a.timings.createdAt - b.timings.createdAt);
        for (const attempt of attempts) {
          const children = yield* turns.childrenOf(attempt.id);
          if (children.length === 0) yield* add(attempt, ancestors, true);
        }
      }
      yield* add(turn, ancestors, false);
    }
    return { conversation: branch, headTurnId, chain, calls };
  });
}
