/**
 * The application under test: a support assistant with one tool, asked two questions. The same
 * code runs live (recording), offline (replay) and on another model (re-run).
 */
import { defineTool, type Weft } from '@weft/core';
import type { Script } from '@weft/local-server';
import { z } from 'zod';

/** The weather tool; its output is part of what the replay compares. */
export const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temperatureC: 21, sky: 'sunny', rainChance: 0.05 }),
});

/** The tools of the assistant. */
export const tools = [getWeather];

/** The questions the assistant is asked. */
export const questions = ['What is the weather in Lisbon?', 'Should I take an umbrella?'] as const;

/** Instructions of the assistant; change them and the replay fails with a diff. */
export const instructions = 'You are a friendly travel assistant.';

/** Asks every question in one conversation and returns the answers. */
export async function supportAgent(weft: Weft, options: { readonly instructions?: string } = {}) {
  const convo = await weft.conversation({
    title: 'weather in Lisbon',
    tools,
    instructions: options.instructions ?? instructions,
  });
  const answers: string[] = [];
  for (const question of questions) answers.push((await convo.send(question).result).text);
  return { conversationId: convo.id, answers };
}

/** Model A ("support-v1"): the model the conversation was recorded with. */
export const modelA: Script = {
  rules: [
    {
      match: { input: 'weather in', hasTools: true },
      reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] },
    },
    {
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'It is 21 °C and sunny in Lisbon.' },
    },
    { match: { input: 'umbrella' }, reply: { text: 'No umbrella needed today.' } },
  ],
};

/** Model B ("support-v2"): the candidate, terser and more careful. */
export const modelB: Script = {
  rules: [
    {
      match: { input: 'weather in', hasTools: true },
      reply: {
        text: 'Checking the forecast.',
        phase: 'commentary',
        functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon, PT' } }],
      },
    },
    {
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'Lisbon: sunny, 21 °C.' },
    },
    {
      match: { input: 'umbrella' },
      reply: { text: 'Leave the umbrella at home: a 5 % chance of rain.' },
    },
  ],
};
