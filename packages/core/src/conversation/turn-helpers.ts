import { Cause, Effect, Exit } from 'effect';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { OutputItem } from '../domain/items.js';
import type { TurnStoreShape } from '../ports/turn-store.js';

/** Runs an Effect for an actor, aborting it when the actor stops; rejects with the tagged error. */
export async function runForActor<A, E>(
  effect: Effect.Effect<A, E>,
  signal: AbortSignal,
): Promise<A> {
  const exit = await Effect.runPromiseExit(effect, { signal });
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}

/** The function calls among a response's output items, in order. */
export const functionCalls = (output: readonly OutputItem[]): ResponseFunctionToolCall[] =>
  output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call');

/** The text of every `output_text` part, joined: what the SDK calls `output_text`. */
export function outputText(output: readonly OutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}


/**
 * Moves the head with compare-and-swap. When another writer (a background worker finishing the same
 * turn) already moved the head to this very turn, that is success, not a conflict.
 */
export function moveHead(
  turns: TurnStoreShape,
  conversationId: string,
  expectedVersion: number,
  turnId: string,
  at: number,
) {
  return turns.setHead(conversationId, expectedVersion, turnId, at).pipe(
    Effect.catchTag('Conflict', (conflict) =>
      Effect.flatMap(turns.getConversation(conversationId), (current) =>
        current.headTurnId === turnId ? Effect.succeed(current) : Effect.fail(conflict),
      ),
    ),
  );
}
