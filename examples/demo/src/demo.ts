import { backgroundStrategy } from '@weft/adapter-background';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, defineTool, type Weft } from '@weft/core';
import { createReplayClient } from '@weft/replay';
import { z } from 'zod';
import type { DemoEndpoint } from './endpoint.js';
import { painter, StreamPrinter, type DemoOutput, type Paint } from './stream-printer.js';

export type { DemoOutput } from './stream-printer.js';

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

const settings = {
  instructions: 'You are a concise travel assistant. Use tools when they help.',
  tools: [getWeather],
  execution: 'stream' as const,
};

/** What the demo did, for tests and the closing line. */
export interface DemoSummary {
  readonly conversationId: string;
  readonly turns: number;
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The branch made by forking at the first turn. */
  readonly forkId: string;
  /** Whether the background turn ran (endpoints without background mode skip it). */
  readonly background: 'completed' | 'skipped';
  /** Turns answered from the recording with no network, and whether every answer matched. */
  readonly replayed: number;
  readonly replayIdentical: boolean;
}

/**
 * Shows Weft in under a minute: a streamed multi-turn conversation with a tool call, a fork, a
 * background turn, and an offline replay of what was recorded.
 */
export async function runDemo(endpoint: DemoEndpoint, out: DemoOutput): Promise<DemoSummary> {
  const paint = painter(out);
  const weft = createWeft({
    client: endpoint.client,
    strategies: { stream: streamStrategy(), background: backgroundStrategy({ poll: { initialMs: 20, maxMs: 200 } }) },
    defaults: { model: endpoint.model, ...settings },
  });
  try {
    out.write(`${paint('2', `Talking to ${endpoint.label}, model ${endpoint.model}.`)}\n\n`);
    const convo = await weft.conversation({ title: 'Weekend in Lisbon' });
    let toolCalls = 0;
    const answers: string[] = [];
    for (const line of lines) {
      out.write(`${paint('1;36', 'you')}        ${line}\n`);
      const turn = convo.send(line);
      const printer = new StreamPrinter(out, paint);
      for await (const event of turn.events()) printer.print(event);
      toolCalls += printer.toolCalls;
      answers.push((await turn.result).text);
      out.write('\n');
    }
    const history = await convo.history();

    const forkId = await forkAndAskInBackground(weft, history[0]!.id, out, paint);
    const background = forkId.background;
    const replay = await replayOffline(weft, convo.id, endpoint, answers, out, paint);

    const summary: DemoSummary = {
      conversationId: convo.id,
      turns: history.length,
      toolCalls,
      inputTokens: history.reduce((n, t) => n + (t.usage?.input_tokens ?? 0), 0),
      outputTokens: history.reduce((n, t) => n + (t.usage?.output_tokens ?? 0), 0),
      forkId: forkId.id,
      background,
      replayed: replay.replayed,
      replayIdentical: replay.identical,
    };
    out.write(
      paint(
        '2',
        `Stored ${summary.turns} turns (${summary.toolCalls} tool call${summary.toolCalls === 1 ? '' : 's'}) in ${summary.conversationId}; ` +
          `${summary.inputTokens} tokens in, ${summary.outputTokens} out.\n`,
      ),
    );
    out.write(`\nTry next: ${paint('1', './dev weft chat')} for a streaming REPL, or read docs/getting-started.md.\n`);
    return summary;
  } finally {
    await weft.close();
  }
}

/** Forks at the first turn and asks on the branch as a background turn (a durable server-side job). */
async function forkAndAskInBackground(
  weft: Weft,
  firstTurnId: string,
  out: DemoOutput,
  paint: Paint,
): Promise<{ id: string; background: 'completed' | 'skipped' }> {
  const branch = await weft.fork({ turnId: firstTurnId }, { title: 'Weekend in Oslo instead' });
  const question = 'Actually, what about Oslo instead? Summarise the plan.';
  out.write(`${paint('2', `— forked at the first turn into ${branch.id}, asked as a background job —`)}\n`);
  out.write(`${paint('1;36', 'you')}        ${question}\n`);
  try {
    branch.configure({ execution: 'background' });
  } catch (error) {
    out.write(`${paint('2', `(skipped: ${(error as Error).message})`)}\n\n`);
    return { id: branch.id, background: 'skipped' };
  }
  const turn = branch.send(question);
  const printer = new StreamPrinter(out, paint);
  for await (const event of turn.events()) printer.print(event);
  const result = await turn.result;
  out.write(`${paint('2', `(background response ${result.responseId ?? ''} ${result.status})`)}\n\n`);
  return { id: branch.id, background: 'completed' };
}

/** Sends the same lines through a Weft whose client answers from the recording, with no network. */
async function replayOffline(
  weft: Weft,
  conversationId: string,
  endpoint: DemoEndpoint,
  answers: readonly string[],
  out: DemoOutput,
  paint: Paint,
): Promise<{ replayed: number; identical: boolean }> {
  const client = await createReplayClient({ store: weft.store.turns, conversationId });
  const offline = createWeft({
    client,
    strategies: { stream: streamStrategy() },
    defaults: { model: endpoint.model, ...settings },
  });
  try {
    const convo = await offline.conversation();
    let identical = true;
    for (const [i, line] of lines.entries()) {
      const { text } = await convo.send(line).result;
      identical &&= text === answers[i];
    }
    const turns = (await convo.history()).length;
    out.write(
      `${paint('2', `— replayed the conversation offline from the store: ${turns} turns, ${identical ? 'identical answers' : 'answers differ'} —`)}\n`,
    );
    return { replayed: turns, identical };
  } finally {
    await offline.close();
  }
}
