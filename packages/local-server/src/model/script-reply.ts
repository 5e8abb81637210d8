/** Turns a script {@link Reply} into output items, filling placeholders. */
import type { ContextView, ToolResult } from './context-view.js';
import { fillPlaceholders, fillPlaceholdersDeep } from './placeholders.js';
import type { PlaceholderValues } from './placeholders.js';
import type { Reply } from './script.js';
import { synthesiseArguments } from './tool-choice.js';
import type { ModelInput, ReplyItem } from './types.js';

/** Placeholder values for one request; `toolResult` is the one a rule matched, if any. */
export function placeholderValues(
  input: ModelInput,
  view: ContextView,
  toolResult: ToolResult | undefined,
): PlaceholderValues {
  const result = toolResult ?? view.toolResults.at(-1) ?? view.lastToolResult;
  return {
    input: view.userText,
    output: result?.output ?? '',
    tool: result?.name ?? '',
    model: input.model,
    turn: String(view.turn),
  };
}

/** Output items for `reply`, in API order: reasoning, message, calls. */
export function scriptReplyItems(
  reply: Reply,
  input: ModelInput,
  view: ContextView,
  values: PlaceholderValues,
): ReplyItem[] {
  const items: ReplyItem[] = [];
  const fill = (text: string) => fillPlaceholders(text, values);
  if (reply.reasoning !== undefined) {
    const { summary, text } = reply.reasoning;
    items.push({
      type: 'reasoning',
      ...(summary === undefined
        ? {}
        : { summary: (typeof summary === 'string' ? [summary] : summary).map(fill) }),
      ...(text === undefined ? {} : { text: fill(text) }),
    });
  }
  const phase = reply.phase === undefined ? {} : { phase: reply.phase };
  if (reply.text !== undefined) items.push({ type: 'message', text: fill(reply.text), ...phase });
  if (reply.rawText !== undefined) items.push({ type: 'message', text: reply.rawText, ...phase });
  if (reply.json !== undefined) {
    items.push({ type: 'message', text: JSON.stringify(fillPlaceholdersDeep(reply.json, values)) });
  }
  if (reply.refusal !== undefined) items.push({ type: 'refusal', refusal: fill(reply.refusal) });
  for (const call of reply.functionCalls ?? []) {
    const args =
      typeof call.arguments === 'string'
        ? call.arguments
        : call.arguments === undefined
          ? synthesiseArguments(
              input.tools.find((tool) => tool.name === call.name),
              view.userText,
            )
          : JSON.stringify(fillPlaceholdersDeep(call.arguments, values));
    items.push({ type: 'function_call', name: call.name, arguments: args });
  }
  return items;
}
