/**
 * Starting the service: a Weft over SQLite with the stream strategy, the HTTP app on a loopback
 * port, and one `close()` for all of it.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, type ResponsesClientShape } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { agentTools } from './agent.js';
import { createAgentBackendApp, type Limits } from './app.js';

/** Options of {@link startAgentBackend}. */
export interface AgentBackendOptions {
  /** The Responses endpoint (the local server's `baseURL`), or a ready client (Bedrock). */
  readonly model: { readonly baseURL: string; readonly apiKey: string } | ResponsesClientShape;
  readonly modelId?: string | undefined;
  /** The SQLite file conversations are kept in. */
  readonly dbPath: string;
  /** 0 picks a free port. */
  readonly port?: number | undefined;
  readonly limits?: Partial<Limits> | undefined;
  readonly now?: (() => number) | undefined;
}

/** A running service. */
export interface AgentBackend {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the chat service on 127.0.0.1. */
export async function startAgentBackend(options: AgentBackendOptions): Promise<AgentBackend> {
  const store = openSqliteStore({ path: options.dbPath });
  const weft = createWeft({
    client: options.model,
    store,
    strategies: { stream: streamStrategy({ flushIntervalMs: 50 }) },
    defaults: {
      model: options.modelId ?? 'local-model',
      execution: 'stream',
      tools: agentTools,
      instructions: 'You are the support assistant of a small shop.',
    },
  });
  const { app, service } = createAgentBackendApp({
    weft,
    limits: options.limits,
    now: options.now,
  });
  // Sends the last process left in flight (a restart, a crash) carry on before visitors return.
  await service.resumeInFlight();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      store.close();
    },
  };
}
