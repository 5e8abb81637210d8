/**
 * Test helpers: a local server, SQLite files in temp directories, Weft instances with the
 * background strategy, and waiting for store conditions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createOpenAIResponsesClient,
  createWeft,
  type ProviderProfile,
  type ResponsesClientShape,
  type Weft,
} from '@weft/core';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { backgroundStrategy, type BackgroundStrategyOptions } from '../background-strategy.js';

export const apiKey = 'sk-local-test';
export const model = 'scripted-1';

/** Runs an Effect as a promise (for store reads in tests). */
export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

/** A temp directory with a fresh SQLite path; `cleanup` removes it. */
export function tempDb(): { readonly path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bg-'));
  return { path: join(dir, 'weft.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Everything one test needs; `close` releases it all. */
export interface Harness {
  readonly server: LocalServer;
  readonly store: SqliteStore;
  readonly dbPath: string;
  readonly client: ResponsesClientShape;
  weft(options?: BackgroundStrategyOptions, profile?: ProviderProfile): Weft;
  /** Another connection to the same SQLite file. */
  contender(): SqliteStore;
  close(): Promise<void>;
}

export async function harness(serverOptions: LocalServerOptions = {}): Promise<Harness> {
  const server = await startLocalServer({ port: 0, apiKey, ...serverOptions });
  const db = tempDb();
  const store = openSqliteStore({ path: db.path });
  const extra: SqliteStore[] = [];
  const wefts: Weft[] = [];
  const client = createOpenAIResponsesClient({ baseURL: server.baseURL, apiKey });
  return {
    server,
    store,
    dbPath: db.path,
    client,
    weft: (options = {}, profile) => {
      const weft = createWeft({
        client: createOpenAIResponsesClient({
          baseURL: server.baseURL,
          apiKey,
          ...(profile === undefined ? {} : { profile }),
        }),
        store,
        strategies: { background: backgroundStrategy({ leaseMs: 2000, poll: { initialMs: 10, maxMs: 40 }, ...options }) },
        defaults: { model, execution: 'background' },
      });
      wefts.push(weft);
      return weft;
    },
    contender: () => {
      const other = openSqliteStore({ path: db.path });
      extra.push(other);
      return other;
    },
    close: async () => {
      await Promise.all(wefts.map((w) => w.close()));
      await server.close();
      for (const s of [store, ...extra]) s.close();
      db.cleanup();
    },
  };
}

/** Polls `check` every 10 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A profile like Bedrock's bedrock-runtime: no background, no resume, no server state. */
export const noBackgroundProfile: ProviderProfile = {
  name: 'no-background',
  routePrefix: '/v1',
  capabilities: {
    stream: true,
    background: false,
    streamResume: false,
    previousResponseId: false,
    conversations: false,
    serverTools: false,
  },
};
