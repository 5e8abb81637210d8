/**
 * The turn tree and its conversations, in memory.
 *
 * @module
 */
import { Effect } from 'effect';
import type { Conversation, NewConversation } from '../domain/conversation.js';
import type { Turn, TurnResult } from '../domain/turn.js';
import { Conflict, NotFound, StorageError } from '../errors.js';
import type { FinishedTurn, TurnStoreShape } from '../ports/turn-store.js';
import { pageConversations } from './conversation-listing.js';
import { deepFreeze, frozenCopy } from './frozen.js';
import { makeMemoryEventLog } from './memory-event-log.js';
import { collectUnreachable } from './turn-collection.js';

/**
 * Makes an empty in-memory {@link TurnStoreShape}.
 *
 * Every operation runs synchronously inside its Effect, so each one is atomic. Records are stored
 * as deep-frozen copies and returned as they are stored: callers can read them freely but neither
 * their later changes to inputs nor attempts to mutate results reach the store.
 *
 * @example
 * ```ts
 * const turns = makeMemoryTurnStore();
 * const convo = await Effect.runPromise(turns.createConversation({ id: 'conv_1', createdAt: 0 }));
 * ```
 */
export function makeMemoryTurnStore(): TurnStoreShape {
  const conversations = new Map<string, Conversation>();
  const turns = new Map<string, Turn>();
  /** parent id → child ids, in insertion order. */
  const children = new Map<string, string[]>();
  /** conversation id → ids of the turns begun in it. */
  const turnsByConversation = new Map<string, Set<string>>();
  const events = makeMemoryEventLog();

  const conversationNotFound = (id: string) => new NotFound({ kind: 'conversation', id });
  const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });
  const alreadyExists = (existing: Conversation) =>
    new Conflict({
      conversationId: existing.id,
      expectedVersion: -1,
      actualVersion: existing.version,
    });

  const storeConversation = (input: NewConversation, forkedFrom: string | null): Conversation => {
    const conversation = frozenCopy<Conversation>({
      id: input.id,
      title: input.title ?? null,
      headTurnId: input.headTurnId ?? null,
      metadata: input.metadata ?? {},
      version: 0,
      serverConversationId: input.serverConversationId ?? null,
      forkedFrom,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
    });
    conversations.set(conversation.id, conversation);
    return conversation;
  };

  /** Replaces a turn with `patch` applied; the turn must exist. */
  const patchTurn = (turnId: string, patch: (turn: Turn) => Partial<Turn>): Turn | NotFound => {
    const turn = turns.get(turnId);
    if (turn === undefined) return turnNotFound(turnId);
    const next = deepFreeze({ ...turn, ...frozenCopy(patch(turn)) });
    turns.set(turnId, next);
    return next;
  };

  /** Records a turn's end; the turn must exist. */
  const complete = (turnId: string, result: TurnResult): Turn | NotFound =>
    patchTurn(turnId, (turn) => ({
      status: result.status,
      responseId: result.responseId ?? turn.responseId,
      output: result.output,
      usage: result.usage,
      partial: result.partial ?? false,
      error: result.error ?? null,
      incompleteReason: result.incompleteReason ?? null,
      timings: {
        ...turn.timings,
        ...(turn.timings.startedAt === undefined && result.startedAt !== undefined
          ? { startedAt: result.startedAt }
          : {}),
        completedAt: result.completedAt,
      },
    }));

  const fromPatch = (result: Turn | NotFound): Effect.Effect<Turn, NotFound> =>
    result instanceof NotFound ? Effect.fail(result) : Effect.succeed(result);

  const removeTurn = (turnId: string): void => {
    const turn = turns.get(turnId);
    if (turn === undefined) return;
    turns.delete(turnId);
    events.drop(turnId);
    children.delete(turnId);
    turnsByConversation.get(turn.conversationId)?.delete(turnId);
    if (turn.parentId !== null) {
      const siblings = children.get(turn.parentId);
      if (siblings !== undefined) {
        const at = siblings.indexOf(turnId);
        if (at >= 0) siblings.splice(at, 1);
      }
    }
  };

  return {
    createConversation: (input) =>
      Effect.suspend(() => {
        const existing = conversations.get(input.id);
        if (existing !== undefined) return Effect.fail(alreadyExists(existing));
        return Effect.succeed(storeConversation(input, input.forkedFrom ?? null));
      }),

    getConversation: (id) =>
      Effect.suspend(() => {
        const conversation = conversations.get(id);
        return conversation === undefined
          ? Effect.fail(conversationNotFound(id))
          : Effect.succeed(conversation);
      }),

    listConversations: (query = {}) =>
      Effect.suspend(() => {
        const page = pageConversations(conversations.values(), query);
        return page instanceof StorageError ? Effect.fail(page) : Effect.succeed(deepFreeze(page));
      }),

    updateConversation: (id, patch) =>
      Effect.suspend(() => {
        const conversation = conversations.get(id);
        if (conversation === undefined) return Effect.fail(conversationNotFound(id));
        const next: Conversation = deepFreeze({
          ...conversation,
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.metadata !== undefined ? { metadata: frozenCopy(patch.metadata) } : {}),
          ...(patch.serverConversationId !== undefined
            ? { serverConversationId: patch.serverConversationId }
            : {}),
          updatedAt: patch.updatedAt,
        });
        conversations.set(id, next);
        return Effect.succeed(next);
      }),

    deleteConversation: (id) =>
      Effect.suspend(() => {
        const conversation = conversations.get(id);
        if (conversation === undefined) return Effect.fail(conversationNotFound(id));
        conversations.delete(id);
        const candidates = new Set(turnsByConversation.get(id));
        for (let t = conversation.headTurnId; t !== null;) {
          const turn = turns.get(t);
          if (turn === undefined) break;
          candidates.add(t);
          t = turn.parentId;
        }
        const remainingHeads: string[] = [];
        for (const other of conversations.values()) {
          if (other.headTurnId !== null) remainingHeads.push(other.headTurnId);
        }
        const removed = collectUnreachable(candidates, remainingHeads, {
          parentOf: (turnId) => turns.get(turnId)?.parentId,
          childrenOf: (turnId) => children.get(turnId) ?? [],
        });
        for (const turnId of removed) removeTurn(turnId);
        turnsByConversation.delete(id);
        return Effect.void;
      }),

    setHead: (conversationId, expectedVersion, headTurnId, at) =>
      Effect.suspend((): Effect.Effect<Conversation, NotFound | Conflict> => {
        const conversation = conversations.get(conversationId);
        if (conversation === undefined) return Effect.fail(conversationNotFound(conversationId));
        if (conversation.version !== expectedVersion) {
          return Effect.fail(
            new Conflict({ conversationId, expectedVersion, actualVersion: conversation.version }),
          );
        }
        if (headTurnId !== null && !turns.has(headTurnId)) {
          return Effect.fail(turnNotFound(headTurnId));
        }
        const next: Conversation = Object.freeze({
          ...conversation,
          headTurnId,
          version: conversation.version + 1,
          updatedAt: at,
        });
        conversations.set(conversationId, next);
        return Effect.succeed(next);
      }),

    fork: ({ turnId, conversation: input }) =>
      Effect.suspend((): Effect.Effect<Conversation, NotFound | Conflict> => {
        const turn = turns.get(turnId);
        if (turn === undefined) return Effect.fail(turnNotFound(turnId));
        const existing = conversations.get(input.id);
        if (existing !== undefined) return Effect.fail(alreadyExists(existing));
        return Effect.succeed(
          storeConversation(
            { ...input, headTurnId: turnId },
            input.forkedFrom ?? turn.conversationId,
          ),
        );
      }),

    beginTurn: (input) =>
      Effect.suspend((): Effect.Effect<Turn, StorageError | NotFound> => {
        if (turns.has(input.id)) {
          return Effect.fail(
            new StorageError({
              operation: 'beginTurn',
              detail: `a turn with id ${input.id} already exists; generate a fresh turn id`,
            }),
          );
        }
        let depth = 0;
        if (input.parentId !== null) {
          const parent = turns.get(input.parentId);
          if (parent === undefined) return Effect.fail(turnNotFound(input.parentId));
          depth = parent.depth + 1;
        }
        const turn = frozenCopy<Turn>({
          id: input.id,
          conversationId: input.conversationId,
          parentId: input.parentId,
          depth,
          request: input.request,
          responseId: null,
          status: 'pending',
          output: [],
          partial: false,
          usage: null,
          timings: { createdAt: input.createdAt },
          contextStrategy: input.contextStrategy,
          executionStrategy: input.executionStrategy,
          fallback: input.fallback ?? null,
          error: null,
          incompleteReason: null,
        });
        turns.set(turn.id, turn);
        if (turn.parentId !== null) {
          const siblings = children.get(turn.parentId);
          if (siblings === undefined) children.set(turn.parentId, [turn.id]);
          else siblings.push(turn.id);
        }
        let own = turnsByConversation.get(turn.conversationId);
        if (own === undefined) {
          own = new Set();
          turnsByConversation.set(turn.conversationId, own);
        }
        own.add(turn.id);
        return Effect.succeed(turn);
      }),

    recordResponseId: (turnId, responseId, at) =>
      Effect.suspend(() =>
        fromPatch(
          patchTurn(turnId, (turn) => ({
            responseId,
            status: turn.status === 'pending' ? 'in_progress' : turn.status,
            timings: { ...turn.timings, startedAt: turn.timings.startedAt ?? at },
          })),
        ),
      ).pipe(Effect.asVoid),

    recordPartialOutput: (turnId, output) =>
      Effect.suspend(() =>
        fromPatch(
          patchTurn(turnId, (turn) => ({
            output,
            partial: true,
            status: turn.status === 'pending' ? 'in_progress' : turn.status,
          })),
        ),
      ).pipe(Effect.asVoid),

    recordFirstToken: (turnId, at) =>
      Effect.suspend(() =>
        fromPatch(
          patchTurn(turnId, (turn) => ({
            timings: { ...turn.timings, firstTokenAt: turn.timings.firstTokenAt ?? at },
          })),
        ),
      ).pipe(Effect.asVoid),

    completeTurn: (turnId, result) => Effect.suspend(() => fromPatch(complete(turnId, result))),

    finishTurn: ({ turnId, result, events: batch, head }) =>
      Effect.suspend((): Effect.Effect<FinishedTurn, NotFound | Conflict> => {
        const turn = complete(turnId, result);
        if (turn instanceof NotFound) return Effect.fail(turn);
        if (batch !== undefined) events.append(turnId, batch);
        if (head === undefined) return Effect.succeed({ turn, conversation: null });
        const conversation = conversations.get(head.conversationId);
        if (conversation === undefined) {
          return Effect.fail(conversationNotFound(head.conversationId));
        }
        if (conversation.version !== head.expectedVersion) {
          // Another writer finishing this same turn already moved the head here: that is success.
          if (conversation.headTurnId === turnId) return Effect.succeed({ turn, conversation });
          return Effect.fail(
            new Conflict({
              conversationId: head.conversationId,
              expectedVersion: head.expectedVersion,
              actualVersion: conversation.version,
            }),
          );
        }
        const moved: Conversation = Object.freeze({
          ...conversation,
          headTurnId: turnId,
          version: conversation.version + 1,
          updatedAt: head.at,
        });
        conversations.set(head.conversationId, moved);
        return Effect.succeed({ turn, conversation: moved });
      }),

    getTurn: (turnId) =>
      Effect.suspend(() => {
        const turn = turns.get(turnId);
        return turn === undefined ? Effect.fail(turnNotFound(turnId)) : Effect.succeed(turn);
      }),

    readChain: (headTurnId) =>
      Effect.suspend(() => {
        const head = turns.get(headTurnId);
        if (head === undefined) return Effect.fail(turnNotFound(headTurnId));
        const chain = new Array<Turn>(head.depth + 1);
        let index = head.depth;
        for (let turn: Turn | undefined = head; turn !== undefined; index--) {
          chain[index] = turn;
          turn = turn.parentId === null ? undefined : turns.get(turn.parentId);
        }
        return Effect.succeed(Object.freeze(chain));
      }),

    childrenOf: (turnId) =>
      Effect.sync(() => {
        const ids = children.get(turnId) ?? [];
        const found: Turn[] = [];
        for (const id of ids) {
          const turn = turns.get(id);
          if (turn !== undefined) found.push(turn);
        }
        // Stable: equal creation times keep insertion order.
        found.sort((a, b) => a.timings.createdAt - b.timings.createdAt);
        return Object.freeze(found);
      }),

    appendEvents: (turnId, batch) =>
      Effect.suspend(() => {
        if (!turns.has(turnId)) return Effect.fail(turnNotFound(turnId));
        events.append(turnId, batch);
        return Effect.void;
      }),

    readEvents: (turnId, fromIndex) => Effect.sync(() => events.read(turnId, fromIndex)),
  };
}
