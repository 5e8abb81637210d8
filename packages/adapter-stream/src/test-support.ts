/**
 * Shared setup of this package's tests: a local server and a Weft that streams against it.
 * Not exported.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft, type Weft, type WeftOptions, type WeftStores } from '@weft/core';
import { makeMemoryStores, sequentialIds } from '@weft/core/testing';
import { startLocalServer, type LocalServer, type Script } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { streamStrategy } from './stream-strategy.js';
import type { StreamStrategyOptions } from './stream-options.js';

export const apiKey = 'sk-local-stream-tests';

/** A local server, a Weft on it using the stream strategy, and the stores it writes to. */
export interface StreamEnv {
  readonly server: LocalServer;
  readonly weft: Weft;
  readonly stores: WeftStores & { readonly turns: WeftStores['turns'] };
  close(): Promise<void>;
}

export async function streamEnv(
  options: {
    readonly script?: Script | undefined;
    readonly stream?: StreamStrategyOptions | undefined;
    readonly stores?: WeftStores | undefined;
    readonly weft?: Partial<WeftOptions> | undefined;
  } = {},
): Promise<StreamEnv> {
  const server = await startLocalServer({
    port: 0,
    apiKey,
    seed: 7,
    ...(options.script === undefined ? {} : { script: options.script }),
  });
  const stores = options.stores ?? makeMemoryStores();
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey },
    store: stores,
    ids: sequentialIds(),
    random: () => 0.5,
    strategies: { stream: streamStrategy(options.stream) },
    defaults: { model: 'scripted-1', execution: 'stream', retry: { maxAttempts: 1 } },
    ...options.weft,
  });
  return {
    server,
    weft,
    stores,
    close: async () => {
      await weft.close();
      await server.close();
    },
  };
}

/** A fresh temp directory with a SQLite file path in it, removed by `dispose()`. */
export function tempDatabase(): {
  readonly dir: string;
  readonly path: string;
  open(): SqliteStore;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'weft-stream-'));
  const path = join(dir, 'weft.db');
  const opened: SqliteStore[] = [];
  return {
    dir,
    path,
    open: () => {
      const store = openSqliteStore({ path, synchronous: 'NORMAL' });
      opened.push(store);
      return store;
    },
    dispose: () => {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A text of `words` words, for long streams. */
export function words(count: number): string {
  return Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
}
