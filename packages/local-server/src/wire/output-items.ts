import type { IdSource } from '../internal/ids.js';
import type { ReplyItem } from '../model/types.js';
import type { WireOutputItem } from './types.js';

/** A reply item with its ids assigned, ready to be put on the wire. */
export type PlannedItem =
  | { readonly kind: 'message'; readonly id: string; readonly text: string; readonly phase: 'commentary' | 'final_answer' | undefined }
  | { readonly kind: 'refusal'; readonly id: string; readonly refusal: string }
  | { readonly kind: 'function_call'; readonly id: string; readonly callId: string; readonly name: string; readonly arguments: string }
  | {
      readonly kind: 'reasoning';
      readonly id: string;
      readonly summary: readonly string[];
      readonly text: string | undefined;
      /** Set when the item carries `encrypted_content`. */
      readonly encrypted: string | undefined;
      /** Encrypted-only items on OpenAI carry `content: []`; mantle's do not. */
      readonly emptyContent: boolean;
    };

/** How items get their ids and reasoning payloads. */
export interface ItemPlanOptions {
  readonly ids: IdSource;
  /** Number call ids `call_0`, `call_1`, … in this response (mantle `/openai/v1`). */
  readonly reuseCallIds: boolean;
  /** Whether the request asked for `reasoning.encrypted_content`. */
  readonly includeEncrypted: boolean;
  /** Make an opaque encrypted-reasoning blob. */
  readonly encryptedBlob: () => string;
  /** Encrypted-only reasoning items carry `content: []` (OpenAI) or not (mantle). */
  readonly emptyReasoningContent: boolean;
}

/** Assign ids to the model's reply items, in order. */
export function planItems(items: readonly ReplyItem[], options: ItemPlanOptions): PlannedItem[] {
  let callIndex = 0;
  return items.map((item): PlannedItem => {
    switch (item.type) {
      case 'message':
        return { kind: 'message', id: options.ids.next('message'), text: item.text, phase: item.phase };
      case 'refusal':
        return { kind: 'refusal', id: options.ids.next('message'), refusal: item.refusal };
      case 'function_call': {
        const id = options.ids.next('function_call');
        const callId = options.reuseCallIds ? `call_${callIndex}` : options.ids.next('call');
        callIndex++;
        return { kind: 'function_call', id, callId, name: item.name, arguments: item.arguments };
      }
      case 'reasoning': {
        const summary = item.summary ?? [];
        const encryptedOnly = summary.length === 0 && item.text === undefined;
        return {
          kind: 'reasoning',
          id: options.ids.next('reasoning'),
          summary,
          text: item.text,
          encrypted: encryptedOnly || options.includeEncrypted ? options.encryptedBlob() : undefined,
          emptyContent: encryptedOnly && options.emptyReasoningContent,
        };
      }
    }
  });
}

type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** The wire item in a given state: `in_progress` is the empty shell of `output_item.added`. */
export function wireItem(item: PlannedItem, status: ItemStatus): WireOutputItem {
  const open = status === 'in_progress';
  switch (item.kind) {
    case 'message':
      return {
        id: item.id,
        type: 'message',
        status,
        content: open ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text: item.text }],
        ...(item.phase !== undefined ? { phase: item.phase } : {}),
        role: 'assistant',
      };
    case 'refusal':
      return {
        id: item.id,
        type: 'message',
        status,
        content: open ? [] : [{ type: 'refusal', refusal: item.refusal }],
        role: 'assistant',
      };
    case 'function_call':
      return {
        id: item.id,
        type: 'function_call',
        status,
        arguments: open ? '' : item.arguments,
        call_id: item.callId,
        name: item.name,
      };
    case 'reasoning': {
      const encrypted = item.encrypted !== undefined ? { encrypted_content: item.encrypted } : {};
      if (item.text !== undefined) {
        return {
          id: item.id,
          type: 'reasoning',
          status,
          content: open ? [] : [{ type: 'reasoning_text', text: item.text }],
          ...encrypted,
          summary: open ? [] : item.summary.map((text) => ({ type: 'summary_text' as const, text })),
        };
      }
      return {
        id: item.id,
        type: 'reasoning',
        ...(item.emptyContent ? { content: [] } : {}),
        ...encrypted,
        summary: open ? [] : item.summary.map((text) => ({ type: 'summary_text' as const, text })),
      };
    }
  }
}
