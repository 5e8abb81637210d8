import type { ModelReply } from '../model/types.js';
import type { CreateRequest } from '../request/parse-create-request.js';
import type { WireOutputItem, WireResponse, WireResponseError, WireUsage } from './types.js';
import type * as Sdk from 'openai/resources/responses/responses';
import type * as Shared from 'openai/resources/shared';

/** The fixed part of one response: its id, creation time and the request settings it echoes. */
export interface ResponseBase {
  readonly id: string;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly request: CreateRequest;
  /** `store` as echoed (false on bedrock-runtime, which keeps nothing). */
  readonly store: boolean;
  readonly conversationId: string | null;
}

/** The changing part of a response. */
export interface ResponseState {
  readonly status: NonNullable<WireResponse['status']>;
  readonly output: readonly WireOutputItem[];
  readonly usage: WireUsage | null;
  readonly error: WireResponseError | null;
  readonly incompleteReason: 'max_output_tokens' | 'content_filter' | null;
  readonly completedAt: number | null;
}

/** Usage as the wire carries it; `total = input + output`. */
export function toWireUsage(usage: ModelReply['usage']): WireUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens, cache_write_tokens: 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** A full Response object, keys in the order OpenAI sends them. */
export function buildSnapshot(base: ResponseBase, state: ResponseState): WireResponse {
  const r = base.request;
  const terminal = state.status !== 'queued' && state.status !== 'in_progress';
  const response: WireResponse = {
    id: base.id,
    object: 'response',
    created_at: base.createdAt,
    status: state.status,
    background: r.background,
    completed_at: state.completedAt,
    error: state.error,
    frequency_penalty: 0,
    incomplete_details: state.incompleteReason === null ? null : { reason: state.incompleteReason },
    instructions: r.instructions,
    max_output_tokens: r.maxOutputTokens,
    max_tool_calls: r.maxToolCalls,
    model: r.model,
    output: state.output as WireOutputItem[],
    parallel_tool_calls: r.parallelToolCalls,
    presence_penalty: 0,
    previous_response_id: r.previousResponseId,
    prompt_cache_key: r.promptCacheKey,
    prompt_cache_retention: r.promptCacheRetention,
    reasoning: {
      effort: (r.reasoning?.effort ?? null) as NonNullable<Shared.Reasoning['effort']>,
      summary: (r.reasoning?.summary ?? null) as NonNullable<Shared.Reasoning['summary']>,
    },
    safety_identifier: r.safetyIdentifier,
    service_tier: (terminal && r.serviceTier === 'auto' ? 'default' : r.serviceTier) as NonNullable<Sdk.Response['service_tier']>,
    store: base.store,
    temperature: r.temperature,
    text: { format: r.textFormat as Sdk.ResponseFormatTextConfig, verbosity: r.verbosity as 'medium' },
    tool_choice: r.toolChoice as Sdk.Response['tool_choice'],
    tools: r.tools as Sdk.Tool[],
    top_logprobs: r.topLogprobs,
    top_p: r.topP,
    truncation: r.truncation,
    usage: state.usage,
    user: r.user,
    metadata: r.metadata,
  };
  if (base.conversationId !== null) response.conversation = { id: base.conversationId };
  return response;
}
