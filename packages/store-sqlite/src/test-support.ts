/**
 * Builders shared by this package's tests (not exported).
 *
 * @module
 */
import type { NewTurn, OutputItem, TurnResult } from '@weft/core';
import { Effect, Result } from 'effect';

/** Runs an Effect that must succeed. */
export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

/** Runs an Effect that must fail, and returns its error. */
export async function failureOf<E>(effect: Effect.Effect<unknown, E>): Promise<E> {
  const result = await Effect.runPromise(Effect.result(effect));
  if (Result.isFailure(result)) return result.failure;
  throw new Error('expected a failure');
}

/** A turn with one user message. */
export function userTurn(
  id: string,
  conversationId: string,
  parentId: string | null,
  text = `input of ${id}`,
  createdAt = 0,
): NewTurn {
  return {
    id,
    conversationId,
    parentId,
    request: { input: [{ type: 'message', role: 'user', content: text }], params: { model: 'm' } },
    contextStrategy: 'local',
    executionStrategy: 'blocking',
    createdAt,
  };
}

/** An assistant message. */
export function assistantMessage(id: string, text: string): OutputItem {
  return {
    id,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** A completed result with one assistant message. */
export function completed(text: string, at = 1): TurnResult {
  return {
    status: 'completed',
    responseId: `resp_${at}`,
    output: [assistantMessage(`msg_${at}`, text)],
    usage: null,
    completedAt: at,
  };
}
