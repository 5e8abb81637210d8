/**
 * What the page shows: turns and stream events reduced to small JSON the browser renders with
 * `textContent` (never as HTML).
 */
import type { InputItem, OutputItem, Turn, TurnEvent } from '@weft/core';

/** One line of the chat as the page draws it. */
export type ChatMessage =
  | { readonly role: 'user'; readonly turnId: string; readonly text: string }
  | {
      readonly role: 'assistant';
      readonly turnId: string;
      readonly itemId: string;
      readonly text: string;
    }
  | {
      readonly role: 'tool';
      readonly turnId: string;
      readonly callId: string;
      readonly name: string;
      readonly arguments: string;
    }
  | {
      readonly role: 'tool-result';
      readonly turnId: string;
      readonly callId: string;
      readonly output: string;
    };

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string'
        ? part.text
        : '',
    )
    .join('');
}

/** The messages a turn's input carries: the user's words and tool results. */
export function inputMessages(turnId: string, input: readonly InputItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const item of input) {
    if ('role' in item && item.role === 'user') {
      messages.push({ role: 'user', turnId, text: contentText(item.content) });
    } else if (item.type === 'function_call_output') {
      const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
      messages.push({ role: 'tool-result', turnId, callId: item.call_id ?? '', output });
    }
  }
  return messages;
}

/** The message an output item shows as, if any. */
export function outputMessage(turnId: string, item: OutputItem): ChatMessage | undefined {
  if (item.type === 'message') {
    return { role: 'assistant', turnId, itemId: item.id, text: contentText(item.content) };
  }
  if (item.type === 'function_call') {
    return {
      role: 'tool',
      turnId,
      callId: item.call_id,
      name: item.name,
      arguments: item.arguments,
    };
  }
  return undefined;
}

/** Every message of some turns, in order. */
export function turnMessages(turns: readonly Turn[]): ChatMessage[] {
  return turns.flatMap((turn) => [
    ...inputMessages(turn.id, turn.request.input),
    ...turn.output.flatMap((item) => outputMessage(turn.id, item) ?? []),
  ]);
}

/** A stream event as the page needs it (no full Response objects on the wire). */
export function clientEvent(event: TurnEvent): Record<string, unknown> {
  switch (event.type) {
    case 'created':
      return { turnId: event.turnId };
    case 'delta':
      return { turnId: event.turnId, kind: event.kind, itemId: event.itemId, delta: event.delta };
    case 'item.done':
      return { turnId: event.turnId, message: outputMessage(event.turnId, event.item) ?? null };
    case 'failed':
      return { turnId: event.turnId, status: event.type, message: event.message };
    default:
      return { turnId: event.turnId, status: event.type };
  }
}
