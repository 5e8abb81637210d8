/** Test helpers: a local server on port 0 and an SDK client pointed at it. Not part of the package API. */
import OpenAI from 'openai';
import { createManualClock } from '../internal/clock.js';
import type { ManualClock } from '../internal/clock.js';
import { type LocalServer, startLocalServer } from '../server/start-local-server.js';
import type { LocalServerOptions } from '../server/options.js';

/** A started server, a client without retries, and the manual clock it runs on. */
export interface TestServer {
  readonly server: LocalServer;
  readonly client: OpenAI;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** Fixed start time of every test server: 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

/** Start a server with seed 1 and a manual clock, plus an SDK client with `maxRetries: 0`. */
export async function startTestServer(options: LocalServerOptions = {}): Promise<TestServer> {
  const clock = createManualClock(T0);
  const server = await startLocalServer({ seed: 1, clock, ...options });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: options.apiKey ?? 'test-key', maxRetries: 0 });
  return { server, client, clock, close: () => server.close() };
}

/** POST JSON to the server and return the raw fetch Response. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
