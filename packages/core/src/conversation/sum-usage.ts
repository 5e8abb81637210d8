import type { Usage } from '../domain/items.js';
import type { Turn } from '../domain/turn.js';

/** Usage summed over turns (a send's user turn, tool rounds and corrections); null when none reported any. */
export function sumUsage(turns: readonly Turn[]): Usage | null {
  const usages = turns.map((t) => t.usage).filter((u): u is Usage => u !== null);
  if (usages.length === 0) return null;
  return usages.reduce((a, b) => ({
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
    input_tokens_details: {
      cached_tokens: a.input_tokens_details.cached_tokens + b.input_tokens_details.cached_tokens,
      cache_write_tokens:
        (a.input_tokens_details.cache_write_tokens ?? 0) + (b.input_tokens_details.cache_write_tokens ?? 0),
    },
    output_tokens_details: {
      reasoning_tokens: a.output_tokens_details.reasoning_tokens + b.output_tokens_details.reasoning_tokens,
    },
  }));
}
