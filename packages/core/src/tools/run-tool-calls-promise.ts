/**
 * The Promise door over {@link runToolCalls}.
 *
 * @module
 */
import { Cause, Effect, Exit } from 'effect';
import type { InputItem, OutputItem } from '../domain/items.js';
import type { Tool } from './define-tool.js';
import { runToolCalls, type RunToolCallsOptions, type ToolCallsResult } from './run-tool-calls.js';

/**
 * Runs the function calls among `items` and resolves with their outputs; see `runToolCalls`.
 *
 * @throws ToolFailed when a call fails under a `fail` policy.
 * @throws Cancelled when `options.signal` aborts.
 * @example
 * const { items } = await runToolCallsPromise(response.output, [weather], { signal });
 * await client.responses.create({ model, previous_response_id: response.id, input: [...items] });
 */
export async function runToolCallsPromise(
  items: Iterable<OutputItem | InputItem>,
  tools: readonly Tool[],
  options: RunToolCallsOptions = {},
): Promise<ToolCallsResult> {
  const exit = await Effect.runPromiseExit(runToolCalls(items, tools, options));
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}
