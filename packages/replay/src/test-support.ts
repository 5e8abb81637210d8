/**
 * Shared setup of this package's tests: two local servers with different scripts ("two scripted
 * models"), a SQLite store in a temp directory, and an agent function that uses a tool.
 * Not exported.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWeft,
  defineTool,
  type ResponsesClientShape,
  type Weft,
  type WeftOptions,
} from '@weft/core';
import { fixedClock, sequentialIds } from '@weft/core/testing';
import { startLocalServer, type LocalServer, type Script } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';

export const apiKey = 'sk-replay-tests-sentinel-4242';

/** Model A: checks the weather with a tool, then answers. */
export const scriptA: Script = {
  rules: [
    {
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'It is {{output}} in Paris today.' },
    },
    {
      match: { input: 'weather', hasTools: true },
      reply: {
        reasoning: { summary: 'The user wants the weather; call the tool.' },
        text: 'Let me check.',
        functionCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
      },
    },
    { match: { input: 'thanks' }, reply: { text: 'You are welcome!' } },
  ],
};

/** Model B: same tool, other words, and a second city. */
export const scriptB: Script = {
  rules: [
    {
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'Forecast: {{output}}. Enjoy Paris and Lyon!' },
    },
    {
      match: { input: 'weather', hasTools: true },
      reply: {
        text: 'Checking the forecast for two cities.',
        functionCalls: [
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_weather', arguments: { city: 'Lyon' } },
        ],
      },
    },
    { match: { input: 'thanks' }, reply: { text: 'Anytime, have a great day with the sunshine!' } },
  ],
};

/** The application's tool: deterministic weather. */
export const weatherTool = defineTool<{ city: string }>({
  name: 'get_weather',
  description: 'Current weather of a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  execute: ({ city }) => (city === 'Paris' ? 'sunny, 21 °C' : 'cloudy, 17 °C'),
});

/** Two servers, a SQLite store, and a way to build Wefts on them. */
export interface ReplayEnv {
  readonly serverA: LocalServer;
  readonly serverB: LocalServer;
  readonly store: SqliteStore;
  readonly path: string;
  weft(client: ResponsesClientShape | 'A' | 'B', extra?: Partial<WeftOptions>): Weft;
  close(): Promise<void>;
}

export async function replayEnv(): Promise<ReplayEnv> {
  const serverA = await startLocalServer({ port: 0, apiKey, seed: 1, script: scriptA });
  const serverB = await startLocalServer({ port: 0, apiKey, seed: 2, script: scriptB });
  const dir = mkdtempSync(join(tmpdir(), 'weft-replay-'));
  const path = join(dir, 'weft.db');
  const store = openSqliteStore({ path });
  const wefts: Weft[] = [];
  return {
    serverA,
    serverB,
    store,
    path,
    weft: (client, extra = {}) => {
      const weft = createWeft({
        client:
          client === 'A'
            ? { baseURL: serverA.baseURL, apiKey }
            : client === 'B'
              ? { baseURL: serverB.baseURL, apiKey }
              : client,
        store,
        ids: sequentialIds(),
        clock: fixedClock(Date.UTC(2026, 0, 1), 5),
        random: () => 0.5,
        defaults: { model: 'scripted-a', tools: [weatherTool], retry: { maxAttempts: 1 } },
        ...extra,
      });
      wefts.push(weft);
      return weft;
    },
    close: async () => {
      await Promise.all(wefts.map((w) => w.close()));
      await Promise.all([serverA.close(), serverB.close()].map((p) => p.catch(() => undefined)));
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The application under test: asks about the weather, then says thanks. */
export async function weatherAgent(
  weft: Weft,
  options: {
    readonly id?: string;
    readonly question?: string;
    readonly instructions?: string;
  } = {},
): Promise<{ readonly texts: readonly string[]; readonly conversationId: string }> {
  const convo = await weft.conversation({
    ...(options.id === undefined ? {} : { id: options.id }),
    instructions: options.instructions ?? 'You are a weather assistant.',
  });
  const first = await convo.send(options.question ?? 'What is the weather in Paris?').result;
  const second = await convo.send('thanks').result;
  return { texts: [first.text, second.text], conversationId: convo.id };
}
