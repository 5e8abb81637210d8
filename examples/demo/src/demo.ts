import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, defineTool, type SendEvent } from '@weft/core';
import { z } from 'zod';
import type { DemoEndpoint } from './endpoint.js';

/** Where the demo writes, and how it styles roles (plain when not a TTY). */
export interface DemoOutput {
  write(text: string): void;
  readonly color: boolean;
}

const forecasts: Record<string, { sky: string; temperatureC: number }> = {
  lisbon: { sky: 'sunny', temperatureC: 21 },
  oslo: { sky: 'light snow', temperatureC: -3 },
};

const getWeather = defineTool({
  name: 'get_weather',
  description: 'The current weather for a city.',
  parameters: z.object({ city: z.string().describe('City name, e.g. Lisbon') }),
  execute: ({ city }) => ({ city, ...(forecasts[city.toLowerCase()] ?? { sky: 'clear', temperatureC: 18 }) }),
});

const lines = [
  "Hi! I'm planning a weekend in Lisbon.",
  'What is the weather there right now?',
  'Great, thanks! Anything else I should know?',
];

/** What the demo did, for tests and the closing line. */
export interface DemoSummary {
  readonly conversationId: string;
  readonly turns: number;
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Runs a short multi-turn conversation with a tool call and prints it readably. */
export async function runDemo(endpoint: DemoEndpoint, out: DemoOutput): Promise<DemoSummary> {
  const paint = (code: string, text: string): string => (out.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const weft = createWeft({
    client: endpoint.client,
    strategies: { stream: streamStrategy() },
    defaults: {
      model: endpoint.model,
      execution: 'stream',
      instructions: 'You are a concise travel assistant. Use tools when they help.',
      tools: [getWeather],
    },
  });
  try {
    out.write(`${paint('2', `Talking to ${endpoint.label}, model ${endpoint.model}.`)}\n\n`);
    const convo = await weft.conversation({ title: 'Weekend in Lisbon' });
    let toolCalls = 0;
    for (const line of lines) {
      out.write(`${paint('1;36', 'you')}        ${line}\n`);
      const turn = convo.send(line);
      const printer = new StreamPrinter(out, paint);
      for await (const event of turn.events()) printer.print(event);
      toolCalls += printer.toolCalls;
      await turn.result;
      out.write('\n');
    }
    const history = await convo.history();
    const summary: DemoSummary = {
      conversationId: convo.id,
      turns: history.length,
      toolCalls,
      inputTokens: history.reduce((n, t) => n + (t.usage?.input_tokens ?? 0), 0),
      outputTokens: history.reduce((n, t) => n + (t.usage?.output_tokens ?? 0), 0),
    };
    out.write(
      paint(
        '2',
        `Stored ${summary.turns} turns (${summary.toolCalls} tool call${summary.toolCalls === 1 ? '' : 's'}) in ${summary.conversationId}; ` +
          `${summary.inputTokens} tokens in, ${summary.outputTokens} out.\n`,
      ),
    );
    return summary;
  } finally {
    await weft.close();
  }
}

/** Prints a send's events as they arrive: text as it streams, tool calls when they are complete. */
class StreamPrinter {
  toolCalls = 0;
  private open: string | undefined;

  constructor(
    private readonly out: DemoOutput,
    private readonly paint: (code: string, text: string) => string,
  ) {}

  print(event: SendEvent): void {
    if (event.type === 'delta' && event.kind === 'text') {
      if (this.open !== event.itemId) {
        this.endLine();
        this.out.write(`${this.paint('1;32', 'assistant')}  `);
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
