/** Weft set up the ways the scenarios compare: store-sqlite (FULL or NORMAL) or memory, blocking or streaming. */
import { join } from 'node:path';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, type Weft } from '@weft/core';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { model, userText } from './conversation-fixture.js';

/** Where a Weft under test keeps its turns. */
export type StoreKind = 'sqlite-full' | 'sqlite-normal' | 'memory';

/** A Weft on the local server, and what to close. */
export interface WeftUnderTest {
  readonly weft: Weft;
  /** The database file (sqlite kinds). */
  readonly path: string | undefined;
  close(): Promise<void>;
}

/** Creates a Weft against `baseURL` with the given store and execution. */
export function openWeft(options: {
  readonly baseURL: string;
  readonly store: StoreKind;
  readonly dir: string;
  readonly execution?: 'blocking' | 'stream' | undefined;
  readonly contextStrategy?: 'server' | 'local' | undefined;
}): WeftUnderTest {
  let store: SqliteStore | undefined;
  let path: string | undefined;
  if (options.store !== 'memory') {
    path = join(options.dir, `weft-${options.store}-${Math.random().toString(36).slice(2, 8)}.db`);
    store = openSqliteStore({
      path,
      synchronous: options.store === 'sqlite-full' ? 'FULL' : 'NORMAL',
    });
  }
  const weft = createWeft({
    client: { baseURL: options.baseURL, apiKey: 'local' },
    ...(store !== undefined ? { store } : {}),
    strategies: { stream: streamStrategy() },
    defaults: {
      model,
      execution: options.execution ?? 'blocking',
      contextStrategy: options.contextStrategy ?? 'server',
      retry: { maxAttempts: 1 },
    },
  });
  return {
    weft,
    path,
    async close() {
      await weft.close();
      store?.close();
    },
  };
}

/** `turns` turns of one new conversation; each turn's ms (events iterated when streaming). */
export async function weftConversation(
  weft: Weft,
  turns: number,
  stream = false,
): Promise<number[]> {
  const convo = await weft.conversation();
  const times: number[] = [];
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    const handle = convo.send(userText(i));
    if (stream) for await (const _event of handle.events());
    await handle.result;
    times.push(performance.now() - t);
  }
  await convo.close();
  return times;
}
