import type { OutputItem, SendEvent, TurnStoreShape } from '@weft/core';
import { run } from '../errors.js';
import type { Painter } from '../output/colour.js';

/**
 * Writes a send's events to the terminal as they arrive: text deltas as they stream, reasoning
 * dimmed, each tool call and the tool results sent back, and whole messages of blocking turns.
 */
export class EventRenderer {
  private atLineStart = true;
  private labelled = false;
  private turns = 0;
  private readonly streamed = new Set<string>();

  constructor(
    private readonly paint: Painter,
    private readonly turnsStore: TurnStoreShape,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
  ) {}

  /** Handles one event. */
  async on(event: SendEvent): Promise<void> {
    switch (event.type) {
      case 'turn.started':
        if (++this.turns > 1) await this.toolResults(event.turnId);
        return;
      case 'delta':
        if (event.kind === 'text' || event.kind === 'refusal') {
          this.label();
          this.streamed.add(event.itemId);
          this.text(event.delta);
        } else if (event.kind === 'reasoning' || event.kind === 'reasoning_summary') {
          this.streamed.add(event.itemId);
          this.text(this.paint('dim', event.delta));
        }
        return;
      case 'item.done':
        this.item(event.item);
        return;
      case 'approval.requested':
        for (const call of event.calls) {
          this.line(
            this.paint(
              'yellow',
              `? ${call.name}(${call.arguments}) needs approval: /approve ${call.callId} or /reject ${call.callId} [reason]`,
            ),
          );
        }
        return;
      default:
        return;
    }
  }

  /** Ends the answer's line. */
  finish(): void {
    if (!this.atLineStart) this.write('\n');
    this.atLineStart = true;
  }

  private item(item: OutputItem): void {
    const loose = item as unknown as {
      type: string;
      id?: string;
      name?: string;
      arguments?: string;
      content?: unknown;
    };
    if (loose.type === 'function_call') {
      this.line(this.paint('cyan', `⚙ ${loose.name ?? '?'}(${loose.arguments ?? ''})`));
      this.labelled = false;
      return;
    }
    if (loose.type === 'message' && (loose.id === undefined || !this.streamed.has(loose.id))) {
      const text = Array.isArray(loose.content)
        ? (loose.content as { text?: unknown }[])
            .map((p) => (typeof p.text === 'string' ? p.text : ''))
            .join('')
        : '';
      if (text !== '') {
        this.label();
        this.text(text);
      }
    }
    if (loose.type === 'message' || loose.type === 'reasoning') this.finishText();
  }

  private async toolResults(turnId: string): Promise<void> {
    const turn = await run(this.turnsStore.getTurn(turnId)).catch(() => undefined);
    for (const input of turn?.request.input ?? []) {
      const loose = input as unknown as { type?: string; output?: unknown; call_id?: string };
      if (loose.type !== 'function_call_output') continue;
      const output = typeof loose.output === 'string' ? loose.output : JSON.stringify(loose.output);
      this.line(
        this.paint('dim', `  ↳ ${output.length > 200 ? `${output.slice(0, 199)}…` : output}`),
      );
    }
  }

  private label(): void {
    if (this.labelled) return;
    this.finishText();
    this.write(this.paint('magenta', 'assistant> '));
    this.atLineStart = false;
    this.labelled = true;
  }

  private text(text: string): void {
    if (text === '') return;
    this.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  private finishText(): void {
    if (!this.atLineStart) this.write('\n');
    this.atLineStart = true;
  }

  private line(text: string): void {
    this.finishText();
    this.write(`${text}\n`);
  }
}
