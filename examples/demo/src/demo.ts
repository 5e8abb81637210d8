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
    defaults: {
      model: endpoint.model,
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
      for await (const event of turn.events()) toolCalls += printEvent(event, out, paint);
      const result = await turn.result;
      out.write(`${paint('1;32', 'assistant')}  ${result.text}\n\n`);
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

function printEvent(event: SendEvent, out: DemoOutput, paint: (code: string, text: string) => string): number {
  if (event.type !== 'item.done') return 0;
  const item = event.item;
  if (item.type === 'function_call') {
    out.write(`${paint('33', 'tool')}       ${item.name}(${item.arguments})\n`);
    return 1;
  }
  if (item.type === 'message' && item.phase === 'commentary') {
    const text = item.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('');
    out.write(`${paint('2', 'assistant')}  ${paint('2', text)}\n`);
  }
  return 0;
}
