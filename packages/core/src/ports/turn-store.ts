import { Context, type Effect } from 'effect';
import type {
  Conversation,
  ConversationQuery,
  Metadata,
  NewConversation,
  Page,
} from '../domain/conversation.js';
import type { StoredEvent, TurnEvent } from '../domain/events.js';
import type { OutputItem } from '../domain/items.js';
import type { NewTurn, Turn, TurnResult } from '../domain/turn.js';
import type { Conflict, NotFound, StorageError } from '../errors.js';

/**
 * The turn tree and its conversations. The store is the source of truth: a conversation machine can
 * always be rebuilt from it. Every implementation passes the conformance suite in `@weft/core/testing`.
 *
 * Writes that race on one conversation are decided by `setHead`'s compare-and-swap: one writer
 * wins, the other gets `Conflict`, and nothing either wrote is lost (turns stay in the tree).
 */
export interface TurnStoreShape {
  createConversation(input: NewConversation): Effect.Effect<Conversation, StorageError | Conflict>;
  getConversation(id: string): Effect.Effect<Conversation, StorageError | NotFound>;
  listConversations(query?: ConversationQuery): Effect.Effect<Page<Conversation>, StorageError>;
  updateConversation(
    id: string,
    patch: {
      readonly title?: string | null | undefined;
      readonly metadata?: Metadata | undefined;
      readonly serverConversationId?: string | null | undefined;
      readonly updatedAt: number;
    },
  ): Effect.Effect<Conversation, StorageError | NotFound>;
  /** Deletes the conversation and every turn no other conversation's head reaches. */
  deleteConversation(id: string): Effect.Effect<void, StorageError | NotFound>;
  /**
   * Moves the head to `headTurnId` if the conversation's version is still `expectedVersion`;
   * otherwise fails with `Conflict` and changes nothing. Returns the conversation with its new version.
   */
  setHead(
    conversationId: string,
    expectedVersion: number,
    headTurnId: string | null,
    at: number,
  ): Effect.Effect<Conversation, StorageError | NotFound | Conflict>;
  /** A new conversation whose head is `turnId` (any turn in the tree). O(1): nothing is copied. */
  fork(input: {
    readonly turnId: string;
    readonly conversation: NewConversation;
  }): Effect.Effect<Conversation, StorageError | NotFound | Conflict>;

  /** Stores a new turn (status `pending`). Its parent must exist. Does not move any head. */
  beginTurn(turn: NewTurn): Effect.Effect<Turn, StorageError | NotFound>;
  /** Records the response id the moment it is known: before anything else happens to the turn. */
  recordResponseId(
    turnId: string,
    responseId: string,
    at: number,
  ): Effect.Effect<void, StorageError | NotFound>;
  /** Replaces the turn's output with what has arrived so far (marked partial). */
  recordPartialOutput(
    turnId: string,
    output: readonly OutputItem[],
    at: number,
  ): Effect.Effect<void, StorageError | NotFound>;
  /** Marks when the first token arrived. */
  recordFirstToken(turnId: string, at: number): Effect.Effect<void, StorageError | NotFound>;
  /** Ends a turn: final status, output, usage, error. */
  completeTurn(turnId: string, result: TurnResult): Effect.Effect<Turn, StorageError | NotFound>;
  /**
   * Ends a turn in one atomic write: `completeTurn`, then `appendEvents` of `events` (which
   * continue the turn's log), then, with `head`, the compare-and-swap of `setHead` to this turn.
   *
   * When the head cannot move (another writer moved it: `Conflict`; the conversation is gone:
   * `NotFound` of kind `conversation`), the completed turn and its events are still stored and
   * the head is left alone. A head that already points at this turn counts as moved: the result
   * carries the conversation as it is. When the turn does not exist (`NotFound` of kind `turn`),
   * nothing is written.
   */
  finishTurn(input: FinishTurn): Effect.Effect<FinishedTurn, StorageError | NotFound | Conflict>;
  getTurn(turnId: string): Effect.Effect<Turn, StorageError | NotFound>;
  /** The path from the root to `headTurnId`, root first. */
  readChain(headTurnId: string): Effect.Effect<readonly Turn[], StorageError | NotFound>;
  /** Direct children of a turn (the branches that start there), oldest first. */
  childrenOf(turnId: string): Effect.Effect<readonly Turn[], StorageError>;

  /** Appends stream events to a turn's event log; `index` of each must continue the log. */
  appendEvents(
    turnId: string,
    events: readonly { readonly event: TurnEvent; readonly at: number }[],
  ): Effect.Effect<void, StorageError | NotFound>;
  /** Events of a turn with index ≥ `fromIndex`, in order. */
  readEvents(
    turnId: string,
    fromIndex: number,
  ): Effect.Effect<readonly StoredEvent[], StorageError>;
}

/** What {@link TurnStoreShape.finishTurn} writes. */
export interface FinishTurn {
  readonly turnId: string;
  readonly result: TurnResult;
  /** Events to append after those already in the turn's log; none when omitted. */
  readonly events?: readonly { readonly event: TurnEvent; readonly at: number }[] | undefined;
  /** Moves this conversation's head to the turn if its version is still `expectedVersion`. */
  readonly head?:
    | {
        readonly conversationId: string;
        readonly expectedVersion: number;
        readonly at: number;
      }
    | undefined;
}

/** What {@link TurnStoreShape.finishTurn} stored. */
export interface FinishedTurn {
  readonly turn: Turn;
  /** The conversation with its head at the turn; `null` when no `head` was asked for. */
  readonly conversation: Conversation | null;
}

/** The `TurnStore` service. */
export class TurnStore extends Context.Service<TurnStore, TurnStoreShape>()('@weft/core/TurnStore') {}
