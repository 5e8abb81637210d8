/**
 * Deterministic token estimates: about four characters per token (`ceil(chars / 4)`), the rule of
 * thumb OpenAI documents for English text. Exact counts do not matter offline; stable ones do.
 *
 * - input: instructions + every context item + tool definitions + the structured-output schema, min 1;
 * - output: message/refusal text, call names + arguments, plus reasoning;
 * - reasoning: summary + clear text; an encrypted-only item costs a fixed amount by effort;
 * - cached: the tokens of the stored chain (context before this request's input), rounded down to a
 *   multiple of 64, so a chained conversation shows growing cache hits and a first turn shows none.
 */
import type { ContextItem, ModelInput, ModelReply, ReplyItem } from './types.js';

/** Tokens for a piece of text: `ceil(length / 4)`, 0 for empty text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The granularity of cached tokens. */
export const cacheBlockTokens = 64;

// What an encrypted-only reasoning item is taken to cost, by `reasoning.effort`.
const hiddenReasoningTokens: Readonly<Record<string, number>> = {
  minimal: 8,
  low: 16,
  medium: 32,
  high: 64,
  xhigh: 128,
  max: 128,
};

function contextItemTokens(item: ContextItem): number {
  switch (item.type) {
    case 'message':
      return estimateTokens(item.text);
    case 'function_call':
      return estimateTokens(item.name) + estimateTokens(item.arguments);
    case 'function_call_output':
      return estimateTokens(item.output);
    case 'reasoning':
      return estimateTokens(item.text);
    case 'other':
      return 1;
  }
}

function sumTokens(items: readonly ContextItem[]): number {
  return items.reduce((total, item) => total + contextItemTokens(item), 0);
}

/** Input tokens of a request (at least 1). */
export function inputTokens(input: ModelInput): number {
  const format =
    input.textFormat.type === 'json_schema' ? JSON.stringify(input.textFormat.schema) : '';
  const tools = input.tools.length === 0 ? '' : JSON.stringify(input.tools);
  const total =
    estimateTokens(input.instructions ?? '') +
    sumTokens(input.context) +
    estimateTokens(tools) +
    estimateTokens(format);
  return Math.max(1, total);
}

/** Cached input tokens: the stored chain's tokens rounded down to a multiple of {@link cacheBlockTokens}. */
export function cachedTokens(input: ModelInput): number {
  const chain = input.context.slice(0, Math.max(0, input.context.length - input.input.length));
  const tokens = Math.min(sumTokens(chain), inputTokens(input));
  return Math.floor(tokens / cacheBlockTokens) * cacheBlockTokens;
}

/** Reasoning tokens of one reasoning item. */
export function reasoningItemTokens(
  item: Extract<ReplyItem, { type: 'reasoning' }>,
  effort: string | undefined,
): number {
  const visible = (item.summary ?? []).join('\n') + (item.text ?? '');
  if (visible !== '') return estimateTokens(visible);
  return hiddenReasoningTokens[effort ?? ''] ?? hiddenReasoningTokens['low'] ?? 16;
}

/** Output tokens one item costs (reasoning included). */
export function itemTokens(item: ReplyItem, effort: string | undefined): number {
  switch (item.type) {
    case 'message':
      return estimateTokens(item.text);
    case 'refusal':
      return estimateTokens(item.refusal);
    case 'function_call':
      return estimateTokens(item.name) + estimateTokens(item.arguments);
    case 'reasoning':
      return reasoningItemTokens(item, effort);
  }
}

/** Usage for a reply made of `items`. */
export function computeUsage(input: ModelInput, items: readonly ReplyItem[]): ModelReply['usage'] {
  const effort = input.reasoning?.effort;
  let outputTokens = 0;
  let reasoningTokens = 0;
  for (const item of items) {
    const tokens = itemTokens(item, effort);
    outputTokens += tokens;
    if (item.type === 'reasoning') reasoningTokens += tokens;
  }
  return {
    inputTokens: inputTokens(input),
    outputTokens,
    reasoningTokens,
    cachedTokens: cachedTokens(input),
  };
}
