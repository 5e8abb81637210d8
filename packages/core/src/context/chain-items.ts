import type { InputItem, OutputItem } from '../domain/items.js';
import type { Turn } from '../domain/turn.js';

/**
 * Output items that go back as input unchanged. Everything the model produced is replayed in the
 * order it came, so reasoning items stay in front of the calls they led to, and every
 * `function_call` is followed (in the next turn's input) by its `function_call_output`.
 */
function outputAsInput(item: OutputItem): InputItem | undefined {
  switch (item.type) {
    case 'message':
    case 'function_call':
    case 'reasoning':
      return item as InputItem;
    default:
      // Hosted tool items (web search, MCP, …) are server-side; the server re-derives them.
      return item as unknown as InputItem;
  }
}

/**
 * The input items that reproduce a chain's history for the `local` context strategy: each turn's
 * own input, then its output, root first.
 */
export function chainToInputItems(chain: readonly Turn[]): InputItem[] {
  const items: InputItem[] = [];
  for (const turn of chain) {
    items.push(...turn.request.input);
    for (const out of turn.output) {
      const asInput = outputAsInput(out);
      if (asInput !== undefined) items.push(asInput);
    }
  }
  return items;
}

/** A user message item from text. */
export function userMessage(text: string): InputItem {
  return { type: 'message', role: 'user', content: text };
}

/** Normalises what a caller passes to `send` into input items. */
export function toInputItems(input: string | InputItem | readonly InputItem[]): InputItem[] {
  if (typeof input === 'string') return [userMessage(input)];
  if (Array.isArray(input)) return [...(input as readonly InputItem[])];
  return [input as InputItem];
}
