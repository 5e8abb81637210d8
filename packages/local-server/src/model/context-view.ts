/** Facts about a request's context that rules, placeholders and the default model all read. */
import type { ContextItem, ModelInput } from './types.js';

/** A function_call_output with the name of the call it answers. */
export interface ToolResult {
  readonly callId: string;
  /** From the nearest earlier function_call with the same call id; undefined if none is in context. */
  readonly name: string | undefined;
  readonly output: string;
}

/** What the model knows about the conversation so far. */
export interface ContextView {
  /** Text of the latest user message, `''` when there is none. */
  readonly userText: string;
  /** Text of the user message before that one. */
  readonly previousUserText: string | undefined;
  /** Number of user messages in context (the latest one's 1-based turn), 0 without any. */
  readonly turn: number;
  /** Tool results sent after the latest user message, in context order. Non-empty = a tool-result request. */
  readonly toolResults: readonly ToolResult[];
  /** The latest tool result anywhere in context (for `{{output}}` on user-message requests). */
  readonly lastToolResult: ToolResult | undefined;
}

/** Reads a {@link ContextView} from the whole context. */
export function viewContext(input: ModelInput): ContextView {
  const { context } = input;
  const userIndexes = context.flatMap((item, i) => (isUserMessage(item) ? [i] : []));
  const lastUser = userIndexes.at(-1) ?? -1;
  const beforeLast = userIndexes.at(-2);
  const results = context.flatMap((item, i) =>
    item.type === 'function_call_output'
      ? [{ index: i, result: toolResult(context, i, item) }]
      : [],
  );
  return {
    userText: messageText(context[lastUser]),
    previousUserText: beforeLast === undefined ? undefined : messageText(context[beforeLast]),
    turn: userIndexes.length,
    toolResults: results.filter((r) => r.index > lastUser).map((r) => r.result),
    lastToolResult: results.at(-1)?.result,
  };
}

function isUserMessage(item: ContextItem): boolean {
  return item.type === 'message' && item.role === 'user';
}

function messageText(item: ContextItem | undefined): string {
  return item?.type === 'message' ? item.text : '';
}

function toolResult(
  context: readonly ContextItem[],
  index: number,
  item: Extract<ContextItem, { type: 'function_call_output' }>,
): ToolResult {
  // Call ids may repeat across responses (mantle numbers them call_0, call_1, … each time),
  // so the answering call is the nearest earlier one with that id.
  for (let i = index - 1; i >= 0; i--) {
    const candidate = context[i];
    if (candidate?.type === 'function_call' && candidate.callId === item.callId) {
      return { callId: item.callId, name: candidate.name, output: item.output };
    }
  }
  return { callId: item.callId, name: undefined, output: item.output };
}
