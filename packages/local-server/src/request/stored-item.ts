import type { ContextItem } from '../model/types.js';
import { isRecord } from './json-type.js';

/** An item as the server keeps it (input items, conversation items, output items): always has an id. */
export interface StoredItem {
  readonly id: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** The plain text of message content: a string, or the text of its text-like parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (!isRecord(part)) continue;
    const value = typeof part['text'] === 'string' ? part['text'] : typeof part['refusal'] === 'string' ? part['refusal'] : '';
    text += value;
  }
  return text;
}

/** What the model sees of a stored or replayed item. */
export function toContextItem(item: Readonly<Record<string, unknown>>): ContextItem {
  const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined);
  switch (type) {
    case 'message': {
      const role = item['role'];
      return {
        type: 'message',
        role: typeof role === 'string' && ROLES.has(role) ? (role as 'user') : 'user',
        text: contentText(item['content']),
      };
    }
    case 'function_call':
      return {
        type: 'function_call',
        callId: String(item['call_id'] ?? ''),
        name: String(item['name'] ?? ''),
        arguments: String(item['arguments'] ?? ''),
      };
    case 'function_call_output':
      return { type: 'function_call_output', callId: String(item['call_id'] ?? ''), output: contentText(item['output']) };
    case 'reasoning': {
      const parts = [...(Array.isArray(item['summary']) ? item['summary'] : []), ...(Array.isArray(item['content']) ? item['content'] : [])];
      return { type: 'reasoning', text: parts.map((p: unknown) => (isRecord(p) && typeof p['text'] === 'string' ? p['text'] : '')).filter((t) => t !== '').join('\n') };
    }
    default:
      return { type: 'other', itemType: typeof type === 'string' ? type : 'unknown' };
  }
}
