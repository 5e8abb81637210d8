import type { ModelReply } from '../model/types.js';
import { type PlannedItem, wireItem } from './output-items.js';
import { type ResponseBase, buildSnapshot, toWireUsage } from './response-snapshot.js';
import { splitJson, splitWords } from './split-text.js';
import type { Obfuscated, WireEventBody, WireEventOf, WireOutputItem, WireResponse, WireResponseError } from './types.js';

/** What a response is made of, after the model answered and ids were assigned. */
export interface GenerationInput {
  readonly base: ResponseBase;
  readonly items: readonly PlannedItem[];
  readonly status: ModelReply['status'];
  readonly usage: ModelReply['usage'];
  /** End with an `error` event and `response.failed` instead of output. */
  readonly failWith: WireResponseError | undefined;
  /** Unix seconds when the response finishes. */
  readonly completedAt: number;
  /** The `obfuscation` value for a delta, or undefined to leave the field out. */
  readonly pad: (delta: string) => string | undefined;
}

/** A response's whole event stream (unnumbered) and its final Response object. */
export interface Generation {
  readonly events: WireEventBody[];
  readonly final: WireResponse;
}

const EMPTY: readonly WireOutputItem[] = [];

function finalState(input: GenerationInput, output: readonly WireOutputItem[]): WireResponse {
  if (input.failWith !== undefined) {
    return buildSnapshot(input.base, {
      status: 'failed',
      output: EMPTY,
      usage: null,
      error: input.failWith,
      incompleteReason: null,
      completedAt: null,
    });
  }
  const incomplete = input.status === 'incomplete';
  return buildSnapshot(input.base, {
    status: incomplete ? 'incomplete' : 'completed',
    output,
    usage: toWireUsage(input.usage),
    error: null,
    incompleteReason: incomplete ? 'max_output_tokens' : null,
    completedAt: incomplete ? null : input.completedAt,
  });
}

function itemStatus(input: GenerationInput, index: number): 'completed' | 'incomplete' {
  return input.status === 'incomplete' && index === input.items.length - 1 ? 'incomplete' : 'completed';
}

/** The final Response only, for blocking requests (no events are built). */
export function generateFinal(input: GenerationInput): WireResponse {
  return finalState(input, input.failWith ? EMPTY : input.items.map((item, i) => wireItem(item, itemStatus(input, i))));
}


function pushItemEvents(events: WireEventBody[], input: GenerationInput, item: PlannedItem, outputIndex: number, done: WireOutputItem): void {
  const item_id = item.id;
  const output_index = outputIndex;
  events.push({ type: 'response.output_item.added', item: wireItem(item, 'in_progress'), output_index });
  switch (item.kind) {
    case 'message': {
      const text = item.text;
      events.push({ type: 'response.content_part.added', content_index: 0, item_id, output_index, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
      for (const delta of splitWords(text)) {
        const obfuscation = input.pad(delta);
        const event: WireEventOf<'response.output_text.delta'> & Obfuscated =
          obfuscation === undefined
            ? { type: 'response.output_text.delta', content_index: 0, delta, item_id, logprobs: [], output_index }
            : { type: 'response.output_text.delta', content_index: 0, delta, item_id, logprobs: [], obfuscation, output_index };
        events.push(event);
      }
      events.push({ type: 'response.output_text.done', content_index: 0, item_id, logprobs: [], output_index, text });
      events.push({ type: 'response.content_part.done', content_index: 0, item_id, output_index, part: { type: 'output_text', annotations: [], logprobs: [], text } });
      break;
    }
    case 'refusal': {
      const refusal = item.refusal;
      events.push({ type: 'response.content_part.added', content_index: 0, item_id, output_index, part: { type: 'refusal', refusal: '' } });
      for (const delta of splitWords(refusal)) {
        events.push({ type: 'response.refusal.delta', content_index: 0, delta, item_id, output_index });
      }
      events.push({ type: 'response.refusal.done', content_index: 0, item_id, output_index, refusal });
      events.push({ type: 'response.content_part.done', content_index: 0, item_id, output_index, part: { type: 'refusal', refusal } });
      break;
    }
    case 'function_call': {
      for (const delta of splitJson(item.arguments)) {
        const obfuscation = input.pad(delta);
        const event: WireEventOf<'response.function_call_arguments.delta'> & Obfuscated =
          obfuscation === undefined
            ? { type: 'response.function_call_arguments.delta', delta, item_id, output_index }
            : { type: 'response.function_call_arguments.delta', delta, item_id, obfuscation, output_index };
        events.push(event);
      }
      events.push({ type: 'response.function_call_arguments.done', arguments: item.arguments, item_id, output_index });
      break;
    }
    case 'reasoning': {
      item.summary.forEach((text, summary_index) => {
        events.push({ type: 'response.reasoning_summary_part.added', item_id, output_index, part: { type: 'summary_text', text: '' }, summary_index });
        for (const delta of splitWords(text)) {
          const obfuscation = input.pad(delta);
          const event: WireEventOf<'response.reasoning_summary_text.delta'> & Obfuscated =
            obfuscation === undefined
              ? { type: 'response.reasoning_summary_text.delta', delta, item_id, output_index, summary_index }
              : { type: 'response.reasoning_summary_text.delta', delta, item_id, obfuscation, output_index, summary_index };
          events.push(event);
        }
        events.push({ type: 'response.reasoning_summary_text.done', item_id, output_index, summary_index, text });
        events.push({ type: 'response.reasoning_summary_part.done', item_id, output_index, part: { type: 'summary_text', text }, summary_index });
      });
      if (item.text !== undefined) {
        const text = item.text;
        events.push({ type: 'response.content_part.added', content_index: 0, item_id, output_index, part: { type: 'reasoning_text', text: '' } });
        for (const delta of splitWords(text)) {
          events.push({ type: 'response.reasoning_text.delta', content_index: 0, delta, item_id, output_index });
        }
        events.push({ type: 'response.reasoning_text.done', content_index: 0, item_id, output_index, text });
        events.push({ type: 'response.content_part.done', content_index: 0, item_id, output_index, part: { type: 'reasoning_text', text } });
      }
      break;
    }
  }
  events.push({ type: 'response.output_item.done', item: done, output_index });
}

/**
 * Every event of a response in wire order (PROTOCOL.md §7): `created` (→ `queued` in background) →
 * `in_progress` → per item added/parts/deltas/done → one terminal event; or, with `failWith`,
 * `created` → `in_progress` → nested `error` → `response.failed`.
 */
export function generateEvents(input: GenerationInput): Generation {
  const { base } = input;
  const background = base.request.background;
  const events: WireEventBody[] = [];
  const open = { output: EMPTY, usage: null, error: null, incompleteReason: null, completedAt: null } as const;
  const firstStatus = background ? 'queued' : 'in_progress';
  events.push({ type: 'response.created', response: buildSnapshot(base, { ...open, status: firstStatus }) });
  if (background) events.push({ type: 'response.queued', response: buildSnapshot(base, { ...open, status: 'queued' }) });
  events.push({ type: 'response.in_progress', response: buildSnapshot(base, { ...open, status: 'in_progress' }) });
  if (input.failWith !== undefined) {
    const { code, message } = input.failWith;
    events.push({ type: 'error', error: { type: code, code, message, param: null } });
    const final = finalState(input, EMPTY);
    events.push({ type: 'response.failed', response: final });
    return { events, final };
  }
  const output: WireOutputItem[] = [];
  input.items.forEach((item, i) => {
    const done = wireItem(item, itemStatus(input, i));
    pushItemEvents(events, input, item, i, done);
    output.push(done);
  });
  const final = finalState(input, output);
  events.push(input.status === 'incomplete' ? { type: 'response.incomplete', response: final } : { type: 'response.completed', response: final });
  return { events, final };
}
