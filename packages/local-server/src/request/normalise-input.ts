import { invalidRequest } from '../internal/api-error.js';
import type { IdSource } from '../internal/ids.js';
import type { ContextItem } from '../model/types.js';
import { describeJsonType, isRecord } from './json-type.js';
import { type StoredItem, toContextItem } from './stored-item.js';

/** This request's input, as kept (for `input_items` and conversations) and as the model sees it. */
export interface NormalisedInput {
  readonly stored: readonly StoredItem[];
  readonly context: readonly ContextItem[];
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

function textParts(role: string, content: unknown, at: string): unknown[] {
  if (typeof content === 'string') {
    return role === 'assistant' ? [{ type: 'output_text', text: content, annotations: [] }] : [{ type: 'input_text', text: content }];
  }
  if (!Array.isArray(content)) {
    throw invalidRequest(
      `Invalid type for '${at}.content': expected one of a string or array of input content parts, but got ${describeJsonType(content)} instead.`,
      `${at}.content`,
      'invalid_type',
    );
  }
  content.forEach((part: unknown, j) => {
    if (!isRecord(part) || typeof part['type'] !== 'string') {
      throw invalidRequest(`Missing required parameter: '${at}.content[${j}].type'.`, `${at}.content[${j}].type`, 'missing_required_parameter');
    }
  });
  return content;
}

function requireString(item: Record<string, unknown>, key: string, at: string): string {
  const value = item[key];
  if (typeof value !== 'string') {
    throw value === undefined
      ? invalidRequest(`Missing required parameter: '${at}.${key}'.`, `${at}.${key}`, 'missing_required_parameter')
      : invalidRequest(`Invalid type for '${at}.${key}': expected a string, but got ${describeJsonType(value)} instead.`, `${at}.${key}`, 'invalid_type');
  }
  return value;
}

function normaliseItem(raw: unknown, at: string, ids: IdSource, lookup: (id: string) => StoredItem | undefined): StoredItem {
  if (!isRecord(raw)) {
    throw invalidRequest(`Invalid type for '${at}': expected an input item object, but got ${describeJsonType(raw)} instead.`, at, 'invalid_type');
  }
  const type = raw['type'] ?? (raw['role'] !== undefined ? 'message' : undefined);
  const givenId = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  switch (type) {
    case 'message': {
      const role = raw['role'];
      if (typeof role !== 'string' || !ROLES.has(role)) {
        throw invalidRequest(
          `Invalid value: '${String(role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`,
          `${at}.role`,
          'invalid_value',
        );
      }
      return {
        ...raw,
        id: givenId ?? ids.next('message'),
        type: 'message',
        status: typeof raw['status'] === 'string' ? raw['status'] : 'completed',
        role,
        content: textParts(role, raw['content'], at),
      };
    }
    case 'function_call':
      requireString(raw, 'call_id', at);
      requireString(raw, 'name', at);
      requireString(raw, 'arguments', at);
      return { ...raw, id: givenId ?? ids.next('function_call'), type: 'function_call', status: raw['status'] ?? 'completed' };
    case 'function_call_output': {
      const callId = requireString(raw, 'call_id', at);
      if (callId.length < 1 || callId.length > 64) {
        throw invalidRequest(`Invalid '${at}.call_id': expected a string of 1 to 64 characters.`, `${at}.call_id`, 'invalid_value');
      }
      const output = raw['output'];
      if (typeof output !== 'string' && !Array.isArray(output)) {
        throw invalidRequest(`Invalid type for '${at}.output': expected one of a string or array, but got ${describeJsonType(output)} instead.`, `${at}.output`, 'invalid_type');
      }
      return { ...raw, id: givenId ?? ids.next('function_call_output'), type: 'function_call_output', status: raw['status'] ?? 'completed' };
    }
    case 'item_reference': {
      const id = requireString(raw, 'id', at);
      const found = lookup(id);
      if (found === undefined) throw invalidRequest(`Item with id '${id}' not found.`, `${at}.id`, null);
      return found;
    }
    case 'reasoning':
      return { ...raw, id: givenId ?? ids.next('reasoning'), type: 'reasoning', summary: Array.isArray(raw['summary']) ? raw['summary'] : [] };
    default:
      if (typeof type !== 'string') {
        throw invalidRequest(`Missing required parameter: '${at}.type'.`, `${at}.type`, 'missing_required_parameter');
      }
      return { ...raw, id: givenId ?? ids.next('item'), type };
  }
}

/** Turn request `input` into kept items with ids and the model's context items. */
export function normaliseInput(
  input: string | readonly unknown[] | undefined,
  ids: IdSource,
  lookup: (id: string) => StoredItem | undefined,
): NormalisedInput {
  if (input === undefined) return { stored: [], context: [] };
  if (typeof input === 'string') {
    const stored: StoredItem = {
      id: ids.next('message'),
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_text', text: input }],
    };
    return { stored: [stored], context: [{ type: 'message', role: 'user', text: input }] };
  }
  const stored = input.map((raw, i) => normaliseItem(raw, `input[${i}]`, ids, lookup));
  return { stored, context: stored.map(toContextItem) };
}

/**
 * Check tool-call pairing the way OpenAI does: every `function_call_output` needs a matching
 * `function_call` earlier in the context.
 */
export function checkToolOutputs(context: readonly ContextItem[]): void {
  const calls = new Set<string>();
  for (const item of context) {
    if (item.type === 'function_call') calls.add(item.callId);
    else if (item.type === 'function_call_output' && !calls.has(item.callId)) {
      throw invalidRequest(`No tool call found for function call output with call_id ${item.callId}.`, 'input', null);
    }
  }
}

/** A predecessor's unanswered function calls must be answered by the new input. */
export function checkPendingCalls(previousOutput: readonly ContextItem[], input: readonly ContextItem[]): void {
  const answered = new Set(input.flatMap((i) => (i.type === 'function_call_output' ? [i.callId] : [])));
  for (const item of previousOutput) {
    if (item.type === 'function_call' && !answered.has(item.callId)) {
      throw invalidRequest(`No tool output found for function call ${item.callId}.`, 'input', null);
    }
  }
}
