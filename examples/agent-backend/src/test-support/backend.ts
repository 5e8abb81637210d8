/** Starts the local model and the service on free loopback ports, with a temp database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '@weft/local-server';
import { agentScript } from '../agent.js';
import type { Limits } from '../app.js';
import { startAgentBackend } from '../server.js';

/** A running service for one test. */
export interface TestBackend {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts everything; `close()` stops it and removes the database. */
export async function startTestBackend(
  options: { readonly limits?: Partial<Limits>; readonly delayBetweenMs?: number } = {},
): Promise<TestBackend> {
  const model = await startLocalServer({
    port: 0,
    script: agentScript({ delayBetweenMs: options.delayBetweenMs ?? 15 }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'weft-agent-backend-'));
  const backend = await startAgentBackend({
    model: { baseURL: model.baseURL, apiKey: 'local' },
    dbPath: join(dir, 'chat.db'),
    limits: options.limits,
  });
  return {
    url: backend.url,
    async close() {
      await backend.close();
      await model.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
