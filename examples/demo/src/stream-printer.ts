import type { SendEvent } from '@weft/core';

/** Where the demo writes, and whether it may colour its output (only on a TTY without NO_COLOR). */
export interface DemoOutput {
  write(text: string): void;
  readonly color: boolean;
}

/** Wraps text in an ANSI style when colour is on. */
export type Paint = (code: string, text: string) => string;

/** A painter for `out`: plain text when colour is off. */
export function painter(out: DemoOutput): Paint {
  return (code, text) => (out.color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

/** Prints a send's events as they arrive: text as it streams, tool calls when they are complete. */
export class StreamPrinter {
  toolCalls = 0;
  private open: string | undefined;

  constructor(
    private readonly out: DemoOutput,
    private readonly paint: Paint,
    private readonly speaker = 'assistant',
  ) {}

  print(event: SendEvent): void {
    if (event.type === 'delta' && event.kind === 'text') {
      if (this.open !== event.itemId) {
        this.endLine();
        this.out.write(`${this.paint('1;32', this.speaker.padEnd(9))}  `);
        this.open = event.itemId;
      }
      this.out.write(event.delta);
    } else if (event.type === 'item.done' && event.item.type === 'function_call') {
      this.endLine();
      this.out.write(`${this.paint('33', 'tool')}       ${event.item.name}(${event.item.arguments})\n`);
      this.toolCalls++;
    } else if (event.type === 'completed' || event.type === 'incomplete' || event.type === 'failed') {
      this.endLine();
    }
  }

  private endLine(): void {
    if (this.open === undefined) return;
    this.out.write('\n');
    this.open = undefined;
  }
}
