import { invalidRequest } from '../internal/api-error.js';
import type { TextFormat, ToolDefinition } from '../model/types.js';
import { describeJsonType, isRecord } from './json-type.js';
import type { SchemaCompiler } from './schema-compiler.js';
import { parseTextFormat, parseTools } from './validate-tools.js';

/** A validated `POST /responses` body. Unknown fields are accepted and ignored. */
export interface CreateRequest {
  readonly model: string;
  /** The raw `input`: a string, an array of items, or undefined. Normalised later. */
  readonly input: string | readonly unknown[] | undefined;
  readonly instructions: string | null;
  readonly previousResponseId: string | null;
  readonly conversationId: string | null;
  readonly store: boolean;
  readonly background: boolean;
  readonly stream: boolean;
  readonly includeObfuscation: boolean;
  readonly include: readonly string[];
  readonly tools: readonly unknown[];
  readonly functionTools: readonly ToolDefinition[];
  readonly toolChoice: unknown;
  readonly parallelToolCalls: boolean;
  readonly textFormat: TextFormat;
  readonly verbosity: string | null;
  readonly reasoning: { readonly effort: string | null; readonly summary: string | null } | null;
  readonly maxOutputTokens: number | null;
  readonly maxToolCalls: number | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly temperature: number;
  readonly topP: number;
  readonly topLogprobs: number;
  readonly truncation: 'auto' | 'disabled';
  readonly promptCacheKey: string | null;
  readonly promptCacheRetention: 'in_memory' | '24h' | null;
  readonly safetyIdentifier: string | null;
  readonly serviceTier: string;
  readonly user: string | null;
}

type Kind = 'string' | 'boolean' | 'number' | 'integer' | 'object' | 'array';

function optional(body: Record<string, unknown>, key: string, kind: Kind): unknown {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : kind === 'object'
        ? isRecord(value)
        : kind === 'integer'
          ? Number.isInteger(value)
          : typeof value === kind;
  if (!ok) {
    const expected = kind === 'array' || kind === 'object' || kind === 'integer' ? `an ${kind}` : `a ${kind}`;
    throw invalidRequest(
      `Invalid type for '${key}': expected ${expected}, but got ${describeJsonType(value)} instead.`,
      key,
      'invalid_type',
    );
  }
  return value;
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 16) {
    throw invalidRequest(`Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with ${keys.length} properties instead.`, 'metadata', 'object_above_max_properties');
  }
  for (const key of keys) {
    const v = record[key];
    if (key.length > 64) throw invalidRequest(`Invalid 'metadata': keys must be at most 64 characters long.`, 'metadata', 'invalid_value');
    if (typeof v !== 'string') {
      throw invalidRequest(`Invalid type for 'metadata.${key}': expected a string, but got ${describeJsonType(v)} instead.`, `metadata.${key}`, 'invalid_type');
    }
    if (v.length > 512) throw invalidRequest(`Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512.`, `metadata.${key}`, 'string_above_max_length');
  }
  return record as Record<string, string>;
}

function parseConversation(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value['id'] === 'string') return value['id'];
  throw invalidRequest(`Invalid 'conversation': expected a conversation id string or an object with an 'id'.`, 'conversation', 'invalid_type');
}

function parseReasoning(value: unknown): CreateRequest['reasoning'] {
  if (value === undefined) return null;
  const r = value as Record<string, unknown>;
  const effort = typeof r['effort'] === 'string' ? r['effort'] : null;
  const summary = typeof r['summary'] === 'string' ? r['summary'] : typeof r['generate_summary'] === 'string' ? r['generate_summary'] : null;
  return { effort, summary };
}

/** Validate a create body. Throws {@link ApiError} (400) naming the offending `param`. */
export function parseCreateRequest(body: unknown, compiler: SchemaCompiler): CreateRequest {
  if (!isRecord(body)) {
    throw invalidRequest(`Invalid body: expected a JSON object, but got ${describeJsonType(body)} instead.`, null, 'invalid_type');
  }
  const model = body['model'];
  if (model === undefined || model === null || model === '') {
    throw invalidRequest(`Missing required parameter: 'model'.`, 'model', 'missing_required_parameter');
  }
  if (typeof model !== 'string') {
    throw invalidRequest(`Invalid type for 'model': expected a string, but got ${describeJsonType(model)} instead.`, 'model', 'invalid_type');
  }
  const input = body['input'];
  if (input !== undefined && input !== null && typeof input !== 'string' && !Array.isArray(input)) {
    throw invalidRequest(
      `Invalid type for 'input': expected one of a string or array of input items, but got ${describeJsonType(input)} instead.`,
      'input',
      'invalid_type',
    );
  }
  const maxOutputTokens = optional(body, 'max_output_tokens', 'integer') as number | undefined;
  if (maxOutputTokens !== undefined && maxOutputTokens < 16) {
    throw invalidRequest(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${maxOutputTokens} instead.`,
      'max_output_tokens',
      'integer_below_min_value',
    );
  }
  const temperature = optional(body, 'temperature', 'number') as number | undefined;
  if (temperature !== undefined && (temperature < 0 || temperature > 2)) {
    throw invalidRequest(
      `Invalid 'temperature': decimal ${temperature < 0 ? 'below minimum value. Expected a value >= 0' : 'above maximum value. Expected a value <= 2'}, but got ${temperature} instead.`,
      'temperature',
      temperature < 0 ? 'decimal_below_min_value' : 'decimal_above_max_value',
    );
  }
  const streamOptions = optional(body, 'stream_options', 'object') as Record<string, unknown> | undefined;
  const stream = (optional(body, 'stream', 'boolean') as boolean | undefined) ?? false;
  if (streamOptions !== undefined && !stream) {
    throw invalidRequest(`Invalid 'stream_options': only allowed when 'stream' is true.`, 'stream_options', 'invalid_value');
  }
  const text = optional(body, 'text', 'object') as Record<string, unknown> | undefined;
  const tools = parseTools(body['tools'], compiler);
  const include = (optional(body, 'include', 'array') as unknown[] | undefined) ?? [];
  const truncation = optional(body, 'truncation', 'string') as string | undefined;
  const retention = optional(body, 'prompt_cache_retention', 'string') as string | undefined;
  return {
    model,
    input: input === null ? undefined : (input as string | readonly unknown[] | undefined),
    instructions: (optional(body, 'instructions', 'string') as string | undefined) ?? null,
    previousResponseId: (optional(body, 'previous_response_id', 'string') as string | undefined) ?? null,
    conversationId: parseConversation(body['conversation']),
    store: (optional(body, 'store', 'boolean') as boolean | undefined) ?? true,
    background: (optional(body, 'background', 'boolean') as boolean | undefined) ?? false,
    stream,
    includeObfuscation: streamOptions?.['include_obfuscation'] !== false,
    include: include.filter((v): v is string => typeof v === 'string'),
    tools: tools.echo,
    functionTools: tools.functions,
    toolChoice: body['tool_choice'] ?? 'auto',
    parallelToolCalls: (optional(body, 'parallel_tool_calls', 'boolean') as boolean | undefined) ?? true,
    textFormat: parseTextFormat(text?.['format'], compiler),
    verbosity: typeof text?.['verbosity'] === 'string' ? text['verbosity'] : 'medium',
    reasoning: parseReasoning(optional(body, 'reasoning', 'object')),
    maxOutputTokens: maxOutputTokens ?? null,
    maxToolCalls: (optional(body, 'max_tool_calls', 'integer') as number | undefined) ?? null,
    metadata: parseMetadata(optional(body, 'metadata', 'object')),
    temperature: temperature ?? 1,
    topP: (optional(body, 'top_p', 'number') as number | undefined) ?? 1,
    topLogprobs: (optional(body, 'top_logprobs', 'integer') as number | undefined) ?? 0,
    truncation: truncation === 'auto' ? 'auto' : 'disabled',
    promptCacheKey: (optional(body, 'prompt_cache_key', 'string') as string | undefined) ?? null,
    promptCacheRetention: retention === 'in_memory' || retention === '24h' ? retention : null,
    safetyIdentifier: (optional(body, 'safety_identifier', 'string') as string | undefined) ?? null,
    serviceTier: (optional(body, 'service_tier', 'string') as string | undefined) ?? 'auto',
    user: (optional(body, 'user', 'string') as string | undefined) ?? null,
  };
}
