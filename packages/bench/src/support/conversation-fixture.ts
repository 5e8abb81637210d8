/**
 * The conversation every turn scenario runs: a ~480-character user message and a ~520-character
 * scripted answer, about 1.2 KB per turn, from the local server in its own process.
 */
import OpenAI from 'openai';
import { startServerProcess, type ServerProcess } from './server-process.js';

export const model = 'bench-1';

const words = 'the quick brown fox jumps over the lazy dog while weaving threads of text '.repeat(
  8,
);

/** The scripted answer of every turn (520 characters). */
export const replyText = words.slice(0, 520);

/** The user message of turn `n` (480 characters, numbered so no two are equal). */
export function userText(n: number): string {
  const tag = `turn ${n}: `;
  return tag + words.slice(0, 480 - tag.length);
}

/** A local server (child process) answering every request with {@link replyText}. */
export function startConversationServer(): Promise<ServerProcess> {
  return startServerProcess({ rules: [{ reply: { text: replyText } }] });
}

/** An SDK client for the local server, without retries. */
export function rawClient(baseURL: string): OpenAI {
  return new OpenAI({ baseURL, apiKey: 'local', maxRetries: 0 });
}

/** `turns` blocking turns with the raw SDK chained by `previous_response_id`; each turn's ms. */
export async function rawConversation(sdk: OpenAI, turns: number): Promise<number[]> {
  const times: number[] = [];
  let previous: string | undefined;
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    const response = await sdk.responses.create({
      model,
      input: userText(i),
      ...(previous !== undefined ? { previous_response_id: previous } : {}),
    });
    times.push(performance.now() - t);
    previous = response.id;
  }
  return times;
}

/** The same with `stream: true`, iterating every event; each turn's ms. */
export async function rawStreamConversation(sdk: OpenAI, turns: number): Promise<number[]> {
  const times: number[] = [];
  let previous: string | undefined;
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    const stream = await sdk.responses.create({
      model,
      input: userText(i),
      stream: true,
      ...(previous !== undefined ? { previous_response_id: previous } : {}),
    });
    for await (const event of stream)
      if (event.type === 'response.completed') previous = event.response.id;
    times.push(performance.now() - t);
  }
  return times;
}
