/**
 * The stream events of a recorded call, re-emitted in the SDK's shape: from the turn's stored
 * event log when it has one (order and pacing kept), else synthesised from the Response.
 *
 * @module
 */
import type { DeltaKind, OutputItem, ResponseObject, TurnEvent } from '@weft/core';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { RecordedCall } from './load-recording.js';
import { recordedResponse } from './rebuild-response.js';

/** An event to emit and how long to wait before it at the recorded pace. */
export interface PacedEvent {
  readonly event: ResponseStreamEvent;
  readonly delayMs: number;
}

type Loose = Record<string, unknown>;

/** Builds SDK events with increasing `sequence_number`s. */
class EventWriter {
  readonly events: PacedEvent[] = [];
  private readonly opened = new Set<number>();
  private readonly parts = new Set<string>();
  private pending = 0;

  constructor(private readonly final: ResponseObject) {}

  wait(ms: number): void {
    this.pending += Math.max(0, ms);
  }

  push(event: Loose): void {
    const withSeq = {
      ...event,
      sequence_number: this.events.length,
    } as unknown as ResponseStreamEvent;
    this.events.push({ event: withSeq, delayMs: this.pending });
    this.pending = 0;
  }

  snapshot(status: string): ResponseObject {
    return {
      ...this.final,
      status,
      output: [],
      usage: null,
      error: null,
      incomplete_details: null,
    } as unknown as ResponseObject;
  }

  /** The item as `output_item.added` shows it: in progress, with no content yet. */
  private skeleton(
    item: OutputItem | undefined,
    outputIndex: number,
    kind: DeltaKind | undefined,
    itemId: string,
  ): Loose {
    if (item === undefined) {
      const type =
        kind === 'function_arguments'
          ? 'function_call'
          : kind === 'reasoning' || kind === 'reasoning_summary'
            ? 'reasoning'
            : 'message';
      return { type, id: itemId || `item_${outputIndex}`, status: 'in_progress' };
    }
    switch (item.type) {
      case 'message':
        return { ...item, status: 'in_progress', content: [] };
      case 'function_call':
        return { ...item, status: 'in_progress', arguments: '' };
      case 'reasoning': {
        const { content: _content, ...rest } = item;
        return { ...rest, summary: [] };
      }
      default:
        return { ...item };
    }
  }

  open(outputIndex: number, kind?: DeltaKind, itemId = ''): void {
    if (this.opened.has(outputIndex)) return;
    this.opened.add(outputIndex);
    const item = this.final.output[outputIndex];
    this.push({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: this.skeleton(item, outputIndex, kind, itemId),
    });
  }

  delta(kind: DeltaKind, itemId: string, outputIndex: number, delta: string): void {
    this.open(outputIndex, kind, itemId);
    const key = `${outputIndex}:${kind}`;
    const first = !this.parts.has(key);
    this.parts.add(key);
    const ids = { item_id: itemId, output_index: outputIndex };
    switch (kind) {
      case 'text':
        if (first)
          this.push({
            type: 'response.content_part.added',
            ...ids,
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
          });
        this.push({
          type: 'response.output_text.delta',
          ...ids,
          content_index: 0,
          delta,
          logprobs: [],
        });
        break;
      case 'refusal':
        if (first)
          this.push({
            type: 'response.content_part.added',
            ...ids,
            content_index: 0,
            part: { type: 'refusal', refusal: '' },
          });
        this.push({ type: 'response.refusal.delta', ...ids, content_index: 0, delta });
        break;
      case 'reasoning':
        this.push({ type: 'response.reasoning_text.delta', ...ids, content_index: 0, delta });
        break;
      case 'reasoning_summary':
        if (first)
          this.push({
            type: 'response.reasoning_summary_part.added',
            ...ids,
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          });
        this.push({
          type: 'response.reasoning_summary_text.delta',
          ...ids,
          summary_index: 0,
          delta,
        });
        break;
      case 'function_arguments':
        this.push({ type: 'response.function_call_arguments.delta', ...ids, delta });
        break;
    }
  }

  /** The `.done` events of an item's texts, then `output_item.done`. */
  done(outputIndex: number, item: OutputItem): void {
    this.open(outputIndex, undefined, 'id' in item && typeof item.id === 'string' ? item.id : '');
    const itemId = 'id' in item && typeof item.id === 'string' ? item.id : '';
    const ids = { item_id: itemId, output_index: outputIndex };
    if (item.type === 'message') {
      item.content.forEach((part, contentIndex) => {
        if (part.type === 'output_text') {
          this.push({
            type: 'response.output_text.done',
            ...ids,
            content_index: contentIndex,
            text: part.text,
            logprobs: [],
          });
        } else {
          this.push({
            type: 'response.refusal.done',
            ...ids,
            content_index: contentIndex,
            refusal: part.refusal,
          });
        }
        this.push({
          type: 'response.content_part.done',
          ...ids,
          content_index: contentIndex,
          part,
        });
      });
    } else if (item.type === 'function_call') {
      this.push({
        type: 'response.function_call_arguments.done',
        ...ids,
        arguments: item.arguments,
      });
    } else if (item.type === 'reasoning') {
      item.summary.forEach((part, summaryIndex) => {
        this.push({
          type: 'response.reasoning_summary_text.done',
          ...ids,
          summary_index: summaryIndex,
          text: part.text,
        });
        this.push({
          type: 'response.reasoning_summary_part.done',
          ...ids,
          summary_index: summaryIndex,
          part,
        });
      });
    }
    this.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  }

  terminal(response: ResponseObject): void {
    const status = response.status ?? 'completed';
    const type =
      status === 'incomplete'
        ? 'response.incomplete'
        : status === 'failed'
          ? 'response.failed'
          : 'response.completed';
    this.push({ type, response });
  }
}

/** The text pieces of an item, by delta kind, for a synthesised stream. */
function textsOf(item: OutputItem): [DeltaKind, string][] {
  switch (item.type) {
    case 'message':
      return item.content.map((p): [DeltaKind, string] =>
        p.type === 'output_text' ? ['text', p.text] : ['refusal', p.refusal],
      );
    case 'function_call':
      return [['function_arguments', item.arguments]];
    case 'reasoning':
      return [
        ...item.summary.map((p): [DeltaKind, string] => ['reasoning_summary', p.text]),
        ...(item.content ?? []).map((p): [DeltaKind, string] => ['reasoning', p.text]),
      ];
    default:
      return [];
  }
}

/** Replays a stored event log. */
function fromLog(call: RecordedCall, writer: EventWriter, final: ResponseObject): boolean {
  let previousAt: number | undefined;
  let ended = false;
  // A blocking turn's log has no deltas; the item's texts are replayed as one delta each.
  const streamed = new Set<number>();
  for (const stored of call.events) {
    if (previousAt !== undefined) writer.wait(stored.at - previousAt);
    previousAt = stored.at;
    const event: TurnEvent = stored.event;
    switch (event.type) {
      case 'created':
        writer.push({ type: 'response.created', response: writer.snapshot(event.status) });
        break;
      case 'delta':
        streamed.add(event.outputIndex);
        writer.delta(event.kind, event.itemId, event.outputIndex, event.delta);
        break;
      case 'item.done': {
        if (!streamed.has(event.outputIndex)) {
          const item = event.item;
          const itemId = 'id' in item && typeof item.id === 'string' ? item.id : '';
          writer.open(event.outputIndex);
          for (const [kind, text] of textsOf(item)) writer.delta(kind, itemId, event.outputIndex, text);
        }
        writer.done(event.outputIndex, event.item);
        break;
      }
      case 'completed':
      case 'incomplete':
        writer.terminal(event.response);
        ended = true;
        break;
      case 'failed':
        writer.terminal(event.response ?? final);
        ended = true;
        break;
      case 'cancelled':
        ended = true;
        break;
    }
  }
  return ended;
}

/**
 * The SDK stream events of a recorded call and the waits between them. With a stored event log
 * the log's order and `at` times are kept (part boundaries and `.done` events the log does not
 * hold are added around them); without one the stream is synthesised from the Response:
 * `created`, per item `output_item.added`, one delta per text, the `.done` events, and the
 * terminal event. `terminal: false` leaves the terminal event out (a recorded stream that broke).
 *
 * @since 0.1.0
 */
export function recordedStreamEvents(
  call: RecordedCall,
  options: { readonly terminal: boolean },
): PacedEvent[] {
  const final = recordedResponse(call);
  const writer = new EventWriter(final);
  if (call.events.length > 0) {
    const ended = fromLog(call, writer, final);
    if (!ended && options.terminal) writer.terminal(final);
    return writer.events;
  }
  const { timings } = call.turn;
  const start = timings.startedAt ?? timings.createdAt;
  writer.push({ type: 'response.created', response: writer.snapshot('in_progress') });
  writer.wait(timings.firstTokenAt === undefined ? 0 : timings.firstTokenAt - start);
  final.output.forEach((item, outputIndex) => {
    const itemId = 'id' in item && typeof item.id === 'string' ? item.id : '';
    writer.open(outputIndex);
    for (const [kind, text] of textsOf(item)) writer.delta(kind, itemId, outputIndex, text);
    writer.done(outputIndex, item);
  });
  if (options.terminal) {
    const first = timings.firstTokenAt ?? start;
    writer.wait(timings.completedAt === undefined ? 0 : timings.completedAt - first);
    writer.terminal(final);
  }
  return writer.events;
}
