/**
 * Normalised requests: what is compared between a recording and a replay run.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** A JSON value. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * Maps ids that differ between runs to stable tokens. A response id becomes `@response[n]`
 * (the n-th response of the recording), so a `previous_response_id` compares equal whenever it
 * points at the same recorded position, whatever the id string.
 */
export interface IdTokens {
  /** The token of a response id, or `undefined` to keep the id as is. */
  response(id: string): string | undefined;
  /** The token of a server conversation id, or `undefined` to keep it. */
  conversation(id: string): string | undefined;
}

/** Fields that never take part in the comparison: how a request is sent, not what it asks. */
export const volatileFields: readonly string[] = ['stream', 'stream_options', 'background'];

/** Options of {@link normalizeRequest}. */
export interface NormalizeOptions {
  /**
   * Extra dotted paths to drop before comparing (`metadata.trace_id`, `prompt_cache_key`), for
   * values the application makes up per run.
   */
  readonly ignore?: readonly string[] | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep copy holding JSON only: `undefined` members dropped, as JSON would. */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Message items: a string `content` of a user/system/developer message becomes one `input_text` part. */
function normalizeItem(item: Json): Json {
  if (!isRecord(item)) return item;
  const out: Record<string, Json> = { ...(item as Record<string, Json>) };
  if (out['type'] === undefined && typeof out['role'] === 'string') out['type'] = 'message';
  if (
    out['type'] === 'message' &&
    typeof out['content'] === 'string' &&
    out['role'] !== 'assistant'
  ) {
    out['content'] = [{ type: 'input_text', text: out['content'] }];
  }
  return out;
}

function dropPath(target: Record<string, Json>, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const next = target[head];
  if (isRecord(next)) {
    const copy = { ...(next as Record<string, Json>) };
    dropPath(copy, rest);
    target[head] = copy;
  }
}

/**
 * The request as it is compared: volatile fields (`stream`, `stream_options`, `background`) and
 * the `ignore` paths dropped, a string `input` turned into one user message, string message
 * content turned into an `input_text` part, and `previous_response_id` / `conversation` replaced
 * by their tokens.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const same = requestHash(normalizeRequest(a, tokens)) === requestHash(normalizeRequest(b, tokens));
 * ```
 */
export function normalizeRequest(
  params: unknown,
  tokens: IdTokens,
  options: NormalizeOptions = {},
): Record<string, Json> {
  const json = toJson(params);
  const out: Record<string, Json> = isRecord(json) ? { ...(json as Record<string, Json>) } : {};
  for (const field of volatileFields) delete out[field];
  const input = out['input'];
  if (typeof input === 'string') {
    out['input'] = [normalizeItem({ type: 'message', role: 'user', content: input })];
  } else if (Array.isArray(input)) {
    out['input'] = (input as readonly Json[]).map(normalizeItem);
  }
  const previous = out['previous_response_id'];
  if (typeof previous === 'string')
    out['previous_response_id'] = tokens.response(previous) ?? previous;
  if (out['previous_response_id'] === null) delete out['previous_response_id'];
  const conversation = out['conversation'];
  const conversationId =
    typeof conversation === 'string'
      ? conversation
      : isRecord(conversation) && typeof conversation['id'] === 'string'
        ? conversation['id']
        : undefined;
  if (conversationId !== undefined)
    out['conversation'] = tokens.conversation(conversationId) ?? conversationId;
  for (const path of options.ignore ?? []) dropPath(out, path.split('.'));
  return out;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map((v: Json) => stableStringify(v)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, Json>)[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The SHA-256 (hex) of a normalised request's stable JSON: equal requests, equal hashes.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const hash = requestHash(normalizeRequest(params, tokens));
 * ```
 */
export function requestHash(normalized: Json): string {
  return createHash('sha256').update(stableStringify(normalized)).digest('hex');
}
