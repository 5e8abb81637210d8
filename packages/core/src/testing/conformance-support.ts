/**
 * Shared data builders and Effect runners for the store conformance suite.
 *
 * @module
 */
import { Effect, Result } from 'effect';
import type { NewConversation } from '../domain/conversation.js';
import type { NewJob } from '../domain/job.js';
import type { TurnEvent } from '../domain/events.js';
import type { OutputItem, Usage } from '../domain/items.js';
import type { NewTurn, Turn } from '../domain/turn.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import type { StoreContender, StoreFixture } from './store-fixture.js';

/** The suite's epoch: every time is an offset from it, never the wall clock. */
export const T0 = Date.UTC(2026, 0, 1);

/** Gives the current test's fixture. */
export type FixtureAccess = () => StoreFixture;

/** Runs an Effect that must succeed. */
export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

/** Runs an Effect that must fail, and returns its error; throws when it succeeds. */
export async function failureOf<E>(effect: Effect.Effect<unknown, E>): Promise<E> {
  const result = await Effect.runPromise(Effect.result(effect));
  if (Result.isFailure(result)) return result.failure;
  throw new Error('expected the store operation to fail, but it succeeded');
}

/** Runs an Effect and reports success or the error, never throwing on a typed failure. */
export async function settle<A, E>(
  effect: Effect.Effect<A, E>,
): Promise<{ readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }> {
  const result = await Effect.runPromise(Effect.result(effect));
  return Result.isFailure(result)
    ? { ok: false, error: result.failure }
    : { ok: true, value: result.success };
}

/** The fixture's contender, or the fixture itself when the store has no connections. */
export async function contenderOf(fixture: StoreFixture): Promise<StoreContender> {
  return fixture.contender === undefined ? fixture : fixture.contender();
}

/** Runs `mutate` and ignores the `TypeError` a frozen object throws. */
export function tryMutate(mutate: () => void): void {
  try {
    mutate();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

/** Treats a readonly value as mutable, to prove a store does not share it. */
export const mutable = <T>(value: T): { -readonly [K in keyof T]: T[K] } =>
  value as { -readonly [K in keyof T]: T[K] };

/** A conversation to create. */
export function newConversation(
  id: string,
  createdAt = T0,
  extra: Omit<NewConversation, 'id' | 'createdAt'> = {},
): NewConversation {
  return { id, createdAt, ...extra };
}

/** A turn to begin: one user message and a model parameter. */
export function newTurn(
  id: string,
  conversationId: string,
  parentId: string | null,
  createdAt = T0,
): NewTurn {
  return {
    id,
    conversationId,
    parentId,
    request: {
      input: [{ type: 'message', role: 'user', content: `input of ${id}` }],
      params: { model: 'test-model', temperature: 0 },
    },
    contextStrategy: 'local',
    executionStrategy: 'blocking',
    createdAt,
  };
}

/** An assistant message output item. */
export function outputMessage(id: string, text: string): OutputItem {
  return {
    id,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** Token usage. */
export function usage(inputTokens: number, outputTokens: number): Usage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** A text delta event. */
export function deltaEvent(turnId: string, delta: string): TurnEvent {
  return { type: 'delta', turnId, kind: 'text', itemId: 'msg_1', outputIndex: 0, delta };
}

/**
 * Begins `ids.length` turns in `conversationId`, each the child of the previous one (the first
 * a child of `parentId`), turn `i` created at `createdAt + i`. Returns them in order.
 */
export async function beginChain(
  turns: TurnStoreShape,
  conversationId: string,
  ids: readonly string[],
  parentId: string | null = null,
  createdAt = T0,
): Promise<Turn[]> {
  const begun: Turn[] = [];
  let parent = parentId;
  for (const [i, id] of ids.entries()) {
    const turn = await run(turns.beginTurn(newTurn(id, conversationId, parent, createdAt + i)));
    begun.push(turn);
    parent = id;
  }
  return begun;
}

/** Creates a conversation with a chain of turns and moves its head to the last one. */
export async function conversationWithChain(
  turns: TurnStoreShape,
  conversationId: string,
  ids: readonly string[],
  createdAt = T0,
): Promise<void> {
  await run(turns.createConversation(newConversation(conversationId, createdAt)));
  await beginChain(turns, conversationId, ids, null, createdAt);
  await run(turns.setHead(conversationId, 0, ids.at(-1) ?? null, createdAt + ids.length));
}

/** A job for `turn_<n>` due at `nextPollAt`. */
export function newJob(id: string, nextPollAt = T0, createdAt = T0): NewJob {
  const n = id.replace(/^job_/, '');
  return {
    id,
    turnId: `turn_${n}`,
    conversationId: 'conv_a',
    responseId: `resp_${n}`,
    nextPollAt,
    createdAt,
  };
}
