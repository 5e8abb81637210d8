import { Cause, Effect, Exit } from 'effect';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { OutputItem, ResponseObject } from '../domain/items.js';
import type { TurnError, TurnResult } from '../domain/turn.js';
import { Conflict, NotFound } from '../errors.js';

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
 * True when `finishTurn` failed only to move the head (another writer won the compare-and-swap,
 * or the conversation is gone): the turn's end and its events were stored all the same.
 */
export function onlyHeadRefused(error: unknown): boolean {
  return error instanceof Conflict || (error instanceof NotFound && error.kind === 'conversation');
}

/** A finished turn's result from its terminal Response; a `failed` Response becomes its error. */
export function turnResultOf(
  response: ResponseObject,
  completedAt: number,
  startedAt?: number,
): TurnResult & {
  readonly status: 'completed' | 'incomplete' | 'failed';
  readonly error: TurnError | null;
} {
  const status: 'completed' | 'incomplete' | 'failed' =
    response.status === 'incomplete'
      ? 'incomplete'
      : response.status === 'failed'
        ? 'failed'
        : 'completed';
  const code = response.error?.code;
  const error =
    status === 'failed'
      ? {
          tag: 'ResponseFailed',
          message: `Response ${response.id} failed${code ? ` (${code})` : ''}: ${response.error?.message ?? 'no detail'}.`,
        }
      : null;
  return {
    status,
    responseId: response.id,
    output: response.output,
    usage: response.usage ?? null,
    completedAt,
    ...(startedAt === undefined ? {} : { startedAt }),
    error,
    incompleteReason: response.incomplete_details?.reason ?? null,
  };
}
