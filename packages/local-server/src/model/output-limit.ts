/**
 * `max_output_tokens`: when a reply would cost more output tokens than allowed, keep items in order
 * until the budget runs out, cut the text of the item that crosses it, drop everything after it and
 * report `incomplete` (as OpenAI does with `incomplete_details.reason: max_output_tokens`).
 * A function call that does not fit is dropped whole: half an arguments string is of no use.
 */
import { estimateTokens, itemTokens } from './usage.js';
import type { ReplyItem } from './types.js';

/** Items that fit the budget and whether anything was cut. */
export interface LimitedOutput {
  readonly items: readonly ReplyItem[];
  readonly truncated: boolean;
}

/** Applies `maxOutputTokens` (null = no limit) to `items`. */
export function limitOutput(
  items: readonly ReplyItem[],
  maxOutputTokens: number | null,
  effort: string | undefined,
): LimitedOutput {
  if (maxOutputTokens === null) return { items, truncated: false };
  let budget = maxOutputTokens;
  const kept: ReplyItem[] = [];
  for (const item of items) {
    const cost = itemTokens(item, effort);
    if (cost <= budget) {
      kept.push(item);
      budget -= cost;
      continue;
    }
    const cut = cutItem(item, budget);
    if (cut !== undefined) kept.push(cut);
    return { items: kept, truncated: true };
  }
  return { items: kept, truncated: false };
}

function cutItem(item: ReplyItem, budget: number): ReplyItem | undefined {
  switch (item.type) {
    case 'message':
      return budget > 0 ? { ...item, text: cutText(item.text, budget) } : undefined;
    case 'refusal':
      return budget > 0 ? { ...item, refusal: cutText(item.refusal, budget) } : undefined;
    case 'function_call':
      return undefined;
    case 'reasoning': {
      // Reasoning comes first and is what used the budget up; keep the item, shorten what shows.
      if (item.summary === undefined && item.text === undefined) return item;
      let left = budget;
      const take = (text: string): string => {
        const part = cutText(text, left);
        left -= estimateTokens(part);
        return part;
      };
      const summary = item.summary?.map(take).filter((part) => part !== '');
      const text = item.text === undefined ? undefined : take(item.text);
      return {
        type: 'reasoning',
        ...(summary === undefined ? {} : { summary }),
        ...(text === undefined ? {} : { text }),
      };
    }
  }
}

/** The longest prefix of `text` that costs at most `tokens`, never splitting a surrogate pair. */
export function cutText(text: string, tokens: number): string {
  let cut = text.slice(0, Math.max(0, tokens) * 4);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
