/**
 * Reading transcripts from the store: one branch, or the whole tree.
 *
 * @module
 */
import type { StoreError, Turn, TurnStoreShape } from '@weft/core';
import { Cause, Effect, Exit } from 'effect';
import type { ConversationRecord } from '../recording/conversation-record.js';
import { ReplayRecordingMissing } from '../errors.js';
import { sumUsage, transcriptTurn } from './build-turn.js';
import type {
  BranchTranscript,
  Transcript,
  TranscriptNode,
  TreeTranscript,
} from './transcript-types.js';

/** What to read. */
export type TranscriptSource =
  | { readonly conversationId: string; readonly headTurnId?: undefined }
  | { readonly headTurnId: string; readonly conversationId?: undefined };

/** Options of {@link readTranscript}. */
export interface TranscriptOptions {
  /** `branch` (default): root to head. `tree`: every branch grown from the same root. */
  readonly scope?: 'branch' | 'tree' | undefined;
}

/** Conversations by head turn id (every page of the listing). */
function headsByTurn(turns: TurnStoreShape): Effect.Effect<Map<string, string[]>, StoreError> {
  return Effect.gen(function* () {
    const heads = new Map<string, string[]>();
    let cursor: string | undefined;
    for (;;) {
      const page = yield* turns.listConversations({
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const c of page.items) {
        if (c.headTurnId !== null)
          heads.set(c.headTurnId, [...(heads.get(c.headTurnId) ?? []), c.id]);
      }
      if (page.nextCursor === null) return heads;
      cursor = page.nextCursor;
    }
  });
}

function branch(
  chain: readonly Turn[],
  conversation: ConversationRecord | undefined,
): BranchTranscript {
  const turns = chain.map((turn, i) =>
    transcriptTurn(turn, chain[i - 1], chain.slice(i + 1, i + 2)),
  );
  return {
    kind: 'branch',
    conversationId: conversation?.id,
    title: conversation?.title ?? null,
    headTurnId: chain.at(-1)?.id ?? '',
    turns,
    usage: sumUsage(turns.map((t) => t.usage)),
  };
}

function tree(
  turns: TurnStoreShape,
  root: Turn,
  conversation: ConversationRecord | undefined,
): Effect.Effect<TreeTranscript, StoreError> {
  return Effect.gen(function* () {
    const heads = yield* headsByTurn(turns);
    let count = 0;
    const all: TranscriptNode[] = [];
    const grow = (
      turn: Turn,
      parent: Turn | undefined,
    ): Effect.Effect<TranscriptNode, StoreError> =>
      Effect.gen(function* () {
        count++;
        const children = yield* turns.childrenOf(turn.id);
        const nodes: TranscriptNode[] = [];
        for (const child of children) nodes.push(yield* grow(child, turn));
        const node = {
          turn: transcriptTurn(turn, parent, children),
          heads: heads.get(turn.id) ?? [],
          children: nodes,
        };
        all.push(node);
        return node;
      });
    const top = yield* grow(root, undefined);
    return {
      kind: 'tree',
      conversationId: conversation?.id,
      title: conversation?.title ?? null,
      root: top,
      turnCount: count,
      usage: sumUsage(all.map((n) => n.turn.usage)),
    };
  });
}

/**
 * Reads a transcript as an Effect. See {@link readTranscript}.
 *
 * @since 0.1.0
 */
export function makeTranscript(
  turns: TurnStoreShape,
  source: TranscriptSource,
  options: TranscriptOptions = {},
): Effect.Effect<Transcript, StoreError | ReplayRecordingMissing> {
  return Effect.gen(function* () {
    let conversation: ConversationRecord | undefined;
    let head = source.headTurnId;
    if (source.conversationId !== undefined) {
      conversation = yield* turns.getConversation(source.conversationId);
      head = conversation.headTurnId ?? undefined;
    }
    if (head === undefined) {
      return yield* new ReplayRecordingMissing({
        what: `conversation ${source.conversationId ?? ''} has no turns`,
      });
    }
    const chain = yield* turns.readChain(head);
    const root = chain[0];
    if (root === undefined)
      return yield* new ReplayRecordingMissing({ what: `turn ${head} has no chain` });
    if (options.scope === 'tree') return yield* tree(turns, root, conversation);
    return branch(chain, conversation);
  });
}

/**
 * Reads a conversation (its branch from root to head), a branch ending at a given turn, or the
 * whole turn tree the conversation belongs to (`scope: 'tree'`), as transcript data ready for
 * {@link renderMarkdown}, {@link renderText} or {@link renderJson}.
 *
 * @throws NotFound, StorageError — from the store; ReplayRecordingMissing — no turns
 * @since 0.1.0
 * @see docs/replay.md
 * @example
 * ```ts
 * const transcript = await readTranscript(store, { conversationId: 'conv_1' }, { scope: 'tree' });
 * console.log(renderMarkdown(transcript));
 * ```
 */
export async function readTranscript(
  store: TurnStoreShape | { readonly turns: TurnStoreShape },
  source: TranscriptSource,
  options: TranscriptOptions = {},
): Promise<Transcript> {
  const turns = 'turns' in store ? store.turns : store;
  const exit = await Effect.runPromiseExit(makeTranscript(turns, source, options));
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}
