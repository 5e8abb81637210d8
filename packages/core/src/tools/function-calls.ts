/**
 * Reading the `function_call` items of a response.
 *
 * @module
 */
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { InputItem, OutputItem } from '../domain/items.js';

/**
 * A `function_call` item as the model produced it.
 *
 * @example
 * const call: FunctionCall = { type: 'function_call', call_id: 'call_0', name: 'search', arguments: '{}' };
 */
export type FunctionCall = ResponseFunctionToolCall;

/**
 * A `function_call_output` item, the answer to one call.
 *
 * @example
 * const item: FunctionCallOutput = { type: 'function_call_output', call_id: 'call_0', output: '42' };
 */
export interface FunctionCallOutput {
  readonly type: 'function_call_output';
  readonly call_id: string;
  readonly output: string;
}

/**
 * Parsed call arguments, or why they are not JSON.
 *
 * @example
 * const parsed: ParsedArguments = parseArguments(call.arguments);
 */
export type ParsedArguments =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issue: string };

/**
 * The `function_call` items among a response's output items, in order.
 *
 * @example
 * const calls = functionCallsOf(response.output);
 */
export function functionCallsOf(items: Iterable<OutputItem | InputItem>): FunctionCall[] {
  const calls: FunctionCall[] = [];
  for (const item of items) {
    if ('type' in item && item.type === 'function_call') calls.push(item);
  }
  return calls;
}

/**
 * Parses a call's `arguments` text. An empty or blank text counts as `{}` (some models send it for
 * tools without parameters).
 *
 * @example
 * parseArguments('{"city":"Oslo"}'); // { ok: true, value: { city: 'Oslo' } }
 */
export function parseArguments(text: string): ParsedArguments {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: `(root): the arguments are not valid JSON (${reason})` };
  }
}
