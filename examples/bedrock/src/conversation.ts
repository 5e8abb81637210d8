/** The conversation: a question answered with a tool, then a follow-up that needs the history. */
import type { BedrockClient } from '@weft/bedrock';
import { createWeft, defineTool } from '@weft/core';
import { z } from 'zod';

/** A tool the model can call. */
export const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temperatureC: 21, sky: 'sunny', wind: 'light breeze' }),
});

/** The two messages sent. */
export const messages = [
  'What is the weather in Lisbon? Use the get_weather tool.',
  'Summarise that in five words.',
] as const;

/** Runs the conversation, writing each exchange as it ends. */
export async function runConversation(
  client: BedrockClient,
  write: (line: string) => void,
): Promise<string[]> {
  const weft = createWeft({
    client: client.client,
    defaults: { model: client.model, tools: [getWeather] },
  });
  try {
    const convo = await weft.conversation();
    const answers: string[] = [];
    for (const message of messages) {
      const result = await convo.send(message).result;
      write(`you: ${message}`);
      for (const turn of result.turns) {
        for (const item of turn.output) {
          if (item.type === 'function_call') write(`  tool: ${item.name}(${item.arguments})`);
        }
      }
      write(`model: ${result.text}`);
      answers.push(result.text);
    }
    return answers;
  } finally {
    await weft.close();
  }
}
