/**
 * The contract between the scripted model (what to answer) and the HTTP server (how to put it on
 * the wire). The model never sees HTTP, ids or SSE; the server never decides content.
 */

/** A fault the server applies to one request. Rules, a request header and the programmatic API all produce these. */
export interface FaultSpec {
  /** Answer with this HTTP error status before doing anything (429, 500, 503, …). */
  readonly status?: number | undefined;
  /** With `status: 429` (or any status), send `Retry-After` with this many seconds. */
  readonly retryAfterSeconds?: number | undefined;
  /** Apply the status fault to only the first N matching requests, then answer normally. */
  readonly times?: number | undefined;
  /** Wait this long before sending response headers / the first event. */
  readonly delayFirstMs?: number | undefined;
  /** Wait this long between stream events (and between background progress steps). */
  readonly delayBetweenMs?: number | undefined;
  /** Destroy the connection after writing this many SSE events. */
  readonly dropAfterEvents?: number | undefined;
  /** Write a malformed SSE frame (non-JSON data) at this event index. */
  readonly malformedAt?: number | undefined;
  /** Cut a blocking JSON body short (the client sees invalid JSON). */
  readonly truncateBody?: boolean | undefined;
  /** Forget the stored predecessor named by `previous_response_id` before handling the request. */
  readonly forgetPrevious?: boolean | undefined;
  /** Background responses: `stall` stays in_progress forever, `fail` ends failed, `incomplete` ends incomplete (max_output_tokens), `slow` spaces its steps by delayBetweenMs (default 50 ms). */
  readonly background?: 'stall' | 'fail' | 'incomplete' | 'slow' | undefined;
  /** Answer 400 "model `<id>` isn't supported on this route". */
  readonly unsupportedRoute?: boolean | undefined;
  /** Write `data:` before `event:` in SSE frames, as Bedrock mantle does. */
  readonly dataFirst?: boolean | undefined;
  /** Leave `sequence_number` out of every event, as some compatible servers do. */
  readonly omitSequenceNumber?: boolean | undefined;
  /** Number call ids `call_0`, `call_1`, … in every response, as mantle's /openai/v1 does. */
  readonly reuseCallIds?: boolean | undefined;
  /** End the response with a mid-stream `error` event then `response.failed` (streams), or status failed (blocking/background). */
  readonly failWith?: { readonly code: string; readonly message: string } | undefined;
}

/** One message or item of context, normalised from request input and the stored chain. */
export type ContextItem =
  | { readonly type: 'message'; readonly role: 'user' | 'assistant' | 'system' | 'developer'; readonly text: string }
  | { readonly type: 'function_call'; readonly callId: string; readonly name: string; readonly arguments: string }
  | { readonly type: 'function_call_output'; readonly callId: string; readonly output: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'other'; readonly itemType: string };

/** A function tool as the request declared it. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string | undefined;
  readonly parameters?: Record<string, unknown> | undefined;
  readonly strict?: boolean | undefined;
}

/** `text.format` from the request. */
export type TextFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json_object' }
  | {
      readonly type: 'json_schema';
      readonly name: string;
      readonly schema: Record<string, unknown>;
      readonly strict?: boolean | undefined;
    };

/** Everything the model may base its answer on. */
export interface ModelInput {
  readonly model: string;
  readonly instructions: string | null;
  /** The whole context: the stored chain (previous_response_id or conversation) followed by this request's input. */
  readonly context: readonly ContextItem[];
  /** This request's own input items only (the tail of `context`). */
  readonly input: readonly ContextItem[];
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice: unknown;
  readonly parallelToolCalls: boolean;
  readonly textFormat: TextFormat;
  readonly reasoning: { readonly effort?: string | undefined; readonly summary?: string | undefined } | null;
  readonly maxOutputTokens: number | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** One output item the model wants to produce, before the server gives it ids. */
export type ReplyItem =
  | { readonly type: 'message'; readonly text: string; readonly phase?: 'commentary' | 'final_answer' | undefined }
  | { readonly type: 'refusal'; readonly refusal: string }
  | { readonly type: 'function_call'; readonly name: string; readonly arguments: string }
  /** `summary` parts become reasoning_summary events; `text` becomes clear reasoning_text (GPT-OSS style); neither = encrypted-only item. */
  | { readonly type: 'reasoning'; readonly summary?: readonly string[] | undefined; readonly text?: string | undefined };

/** What the model answers. Usage is computed by the model so it is deterministic. */
export interface ModelReply {
  readonly items: readonly ReplyItem[];
  /** `incomplete` means the output was cut by max_output_tokens; items are then marked incomplete. */
  readonly status: 'completed' | 'incomplete';
  readonly usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly reasoningTokens: number;
    readonly cachedTokens: number;
  };
  /** Faults named by the matching script rule, applied by the server on top of header and programmatic faults. */
  readonly faults?: FaultSpec | undefined;
}

/** The scripted model. Pure and deterministic: the same input gives the same reply. */
export interface Model {
  respond(input: ModelInput): ModelReply;
}
