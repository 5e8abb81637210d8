/**
 * Builds a response's output items from its stream events, so the output is meaningful at any
 * point of the stream (and can be persisted as partial output).
 *
 * @module
 */
import type { OutputItem } from '@weft/core';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

/** A mutable, loosely typed item under construction. */
type Draft = Record<string, unknown> & { type: string };
type DraftPart = Record<string, unknown> & { type: string };

interface LooseEvent {
  readonly type: string;
  readonly output_index?: unknown;
  readonly content_index?: unknown;
  readonly summary_index?: unknown;
  readonly item_id?: unknown;
  readonly item?: unknown;
  readonly part?: unknown;
  readonly delta?: unknown;
  readonly text?: unknown;
  readonly refusal?: unknown;
  readonly arguments?: unknown;
  readonly annotation?: unknown;
  readonly annotation_index?: unknown;
  readonly response?: unknown;
}

const index = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Accumulates output items from Responses stream events: `output_item.added` opens an item,
 * content parts and deltas fill it, `output_item.done` replaces it with the server's final item.
 * Items are kept by `output_index`; `snapshot()` returns a detached copy.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const output = new OutputAccumulator();
 * for await (const event of sdkStream) output.apply(event);
 * await store.recordPartialOutput(turnId, output.snapshot(), Date.now());
 * ```
 */
export class OutputAccumulator {
  private readonly items: (Draft | undefined)[] = [];
  private readonly ids = new Map<string, number>();
  private changed = false;

  /** True when an event changed the output since the last `snapshot()` or `markClean()`. */
  get dirty(): boolean {
    return this.changed;
  }

  /** How many items have been opened so far. */
  get size(): number {
    return this.items.filter((item) => item !== undefined).length;
  }

  /** Applies one event; events that do not touch the output are ignored. */
  apply(event: ResponseStreamEvent): void {
    const e = event as LooseEvent;
    switch (e.type) {
      case 'response.output_item.added':
      case 'response.output_item.done':
        if (isObject(e.item)) this.setItem(index(e.output_index), structuredClone(e.item) as Draft);
        return;
      case 'response.content_part.added':
      case 'response.content_part.done':
        if (isObject(e.part))
          this.setPart(e, 'content', index(e.content_index), { ...e.part } as DraftPart);
        return;
      case 'response.reasoning_summary_part.added':
      case 'response.reasoning_summary_part.done':
        if (isObject(e.part))
          this.setPart(e, 'summary', index(e.summary_index), { ...e.part } as DraftPart);
        return;
      case 'response.output_text.delta':
        this.appendPart(e, 'content', index(e.content_index), 'output_text', 'text', text(e.delta));
        return;
      case 'response.output_text.done':
        this.replacePart(e, 'content', index(e.content_index), 'output_text', 'text', text(e.text));
        return;
      case 'response.refusal.delta':
        this.appendPart(e, 'content', index(e.content_index), 'refusal', 'refusal', text(e.delta));
        return;
      case 'response.refusal.done':
        this.replacePart(
          e,
          'content',
          index(e.content_index),
          'refusal',
          'refusal',
          text(e.refusal),
        );
        return;
      case 'response.reasoning_text.delta':
        this.appendPart(
          e,
          'content',
          index(e.content_index),
          'reasoning_text',
          'text',
          text(e.delta),
        );
        return;
      case 'response.reasoning_text.done':
        this.replacePart(
          e,
          'content',
          index(e.content_index),
          'reasoning_text',
          'text',
          text(e.text),
        );
        return;
      case 'response.reasoning_summary_text.delta':
        this.appendPart(
          e,
          'summary',
          index(e.summary_index),
          'summary_text',
          'text',
          text(e.delta),
        );
        return;
      case 'response.reasoning_summary_text.done':
        this.replacePart(
          e,
          'summary',
          index(e.summary_index),
          'summary_text',
          'text',
          text(e.text),
        );
        return;
      case 'response.function_call_arguments.delta': {
        const item = this.itemFor(e, 'function_call');
        item.arguments = text(item.arguments) + text(e.delta);
        this.changed = true;
        return;
      }
      case 'response.function_call_arguments.done': {
        const item = this.itemFor(e, 'function_call');
        item.arguments = text(e.arguments);
        this.changed = true;
        return;
      }
      case 'response.output_text.annotation.added': {
        const part = this.partFor(e, 'content', index(e.content_index), 'output_text');
        const annotations = Array.isArray(part.annotations) ? (part.annotations as unknown[]) : [];
        annotations[index(e.annotation_index)] = e.annotation;
        part.annotations = annotations;
        this.changed = true;
        return;
      }
      default:
        return;
    }
  }

  /** The items so far, in output order, as a detached copy; clears `dirty`. */
  snapshot(): OutputItem[] {
    this.changed = false;
    const out: OutputItem[] = [];
    for (const item of this.items)
      if (item !== undefined) out.push(copyDraft(item) as unknown as OutputItem);
    return out;
  }

  /** Clears `dirty` without copying. */
  markClean(): void {
    this.changed = false;
  }

  private setItem(outputIndex: number, item: Draft): void {
    const previous = this.items[outputIndex];
    // A resumed or repeated `added` must not lose text that already arrived for the same item.
    if (previous !== undefined && previous.id === item.id && item.status === 'in_progress') return;
    this.items[outputIndex] = item;
    if (typeof item.id === 'string') this.ids.set(item.id, outputIndex);
    this.changed = true;
  }

  /** The item an event refers to: by `output_index`, else by `item_id`; opened when missing. */
  private itemFor(e: LooseEvent, type: string): Draft {
    const byId = typeof e.item_id === 'string' ? this.ids.get(e.item_id) : undefined;
    const at =
      typeof e.output_index === 'number' ? index(e.output_index) : (byId ?? this.items.length);
    let item = this.items[at];
    if (item === undefined) {
      item = {
        type,
        ...(typeof e.item_id === 'string' ? { id: e.item_id } : {}),
        status: 'in_progress',
      };
      if (type === 'message') Object.assign(item, { role: 'assistant', content: [] });
      if (type === 'reasoning') Object.assign(item, { summary: [] });
      if (type === 'function_call') Object.assign(item, { arguments: '' });
      this.setItem(at, item);
    }
    return item;
  }

  private listOf(item: Draft, key: 'content' | 'summary'): DraftPart[] {
    const list = item[key];
    if (Array.isArray(list)) return list as DraftPart[];
    const created: DraftPart[] = [];
    item[key] = created;
    return created;
  }

  private partFor(
    e: LooseEvent,
    key: 'content' | 'summary',
    at: number,
    partType: string,
  ): DraftPart {
    const itemType = partType === 'output_text' || partType === 'refusal' ? 'message' : 'reasoning';
    const list = this.listOf(this.itemFor(e, itemType), key);
    let part = list[at];
    if (part === undefined) {
      part =
        partType === 'output_text'
          ? { type: partType, text: '', annotations: [] }
          : { type: partType };
      list[at] = part;
    }
    return part;
  }

  private setPart(e: LooseEvent, key: 'content' | 'summary', at: number, part: DraftPart): void {
    const itemType = key === 'summary' || part.type === 'reasoning_text' ? 'reasoning' : 'message';
    const list = this.listOf(this.itemFor(e, itemType), key);
    const previous = list[at];
    // `part.added` carries empty text; keep deltas that a resumed stream already delivered.
    if (
      previous !== undefined &&
      previous.type === part.type &&
      text(part.text) === '' &&
      text(part.refusal) === ''
    )
      return;
    list[at] = part;
    this.changed = true;
  }

  private appendPart(
    e: LooseEvent,
    key: 'content' | 'summary',
    at: number,
    partType: string,
    field: string,
    delta: string,
  ): void {
    const part = this.partFor(e, key, at, partType);
    part[field] = text(part[field]) + delta;
    this.changed = true;
  }

  private replacePart(
    e: LooseEvent,
    key: 'content' | 'summary',
    at: number,
    partType: string,
    field: string,
    value: string,
  ): void {
    const part = this.partFor(e, key, at, partType);
    part[field] = value;
    this.changed = true;
  }
}

/**
 * A copy of an item deep enough to be independent of later events: only the item, its part lists,
 * the parts and their annotation lists are ever changed in place; strings are immutable and other
 * nested values are replaced whole.
 */
function copyDraft(item: Draft): Draft {
  const copy: Draft = { ...item };
  for (const key of ['content', 'summary'] as const) {
    const list = item[key];
    if (!Array.isArray(list)) continue;
    copy[key] = (list as (DraftPart | undefined)[]).map((part) => {
      if (part === undefined) return part;
      const annotations = part.annotations;
      return Array.isArray(annotations)
        ? { ...part, annotations: [...(annotations as unknown[])] }
        : { ...part };
    });
  }
  return copy;
}
