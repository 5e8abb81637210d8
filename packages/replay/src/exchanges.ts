/**
 * A branch read as exchanges: one user input and the turns that answered it (the tool loop's
 * rounds included). Re-runs re-send exchanges; comparisons align them.
 *
 * @module
 */
import type { InputItem, Turn } from '@weft/core';

/** One user input and the turns that answered it, in order. */
export interface Exchange {
  /** 0-based position in the branch. */
  readonly index: number;
  /** The input items the user sent (messages; no tool outputs). */
  readonly input: readonly InputItem[];
  /** The user's text, joined. */
  readonly inputText: string;
  readonly turns: readonly Turn[];
}

const isToolOutput = (item: InputItem): boolean => {
  const type = (item as { type?: unknown }).type;
  return (
    type === 'function_call_output' ||
    type === 'custom_tool_call_output' ||
    type === 'mcp_approval_response'
  );
};

/** The text of the user messages among `items`. */
export function userText(items: readonly InputItem[]): string {
  const parts: string[] = [];
  for (const item of items) {
    const loose = item as unknown as Record<string, unknown>;
    if (isToolOutput(item) || loose['role'] === undefined) continue;
    const content = loose['content'];
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as unknown[]) {
        const text = (part as { text?: unknown }).text;
        if (typeof text === 'string') parts.push(text);
      }
    }
  }
  return parts.join('\n');
}

/**
 * Splits a branch (root first) into exchanges: a turn whose input holds anything but tool outputs
 * starts one; turns that only carry tool outputs (or corrections) continue it.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const exchanges = toExchanges(await convo.history());
 * ```
 */
export function toExchanges(chain: readonly Turn[]): Exchange[] {
  const exchanges: { index: number; input: InputItem[]; inputText: string; turns: Turn[] }[] = [];
  for (const turn of chain) {
    const own = turn.request.input.filter((i) => !isToolOutput(i));
    const current = exchanges.at(-1);
    if (own.length === 0 && current !== undefined) {
      current.turns.push(turn);
      continue;
    }
    exchanges.push({
      index: exchanges.length,
      input: own,
      inputText: userText(own),
      turns: [turn],
    });
  }
  return exchanges;
}
