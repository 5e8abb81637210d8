import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { FaultController } from '../faults/fault-registry.js';
import { createLocalServerApp } from './create-app.js';
import { DEFAULTS, type LocalServerOptions } from './options.js';
import type { Profile } from './profile.js';

/** A running local server. */
export interface LocalServer {
  /** Origin, e.g. `http://127.0.0.1:43117`. */
  readonly url: string;
  /** What to give an OpenAI client as `baseURL`: the origin plus `/v1` (or `/openai/v1` for runtime). */
  readonly baseURL: string;
  readonly port: number;
  readonly profile: Profile;
  /** Add or clear faults while the server runs. */
  readonly faults: FaultController;
  /** Stop listening, cancel running background responses and close open connections. */
  close(): Promise<void>;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Start the local Responses server over HTTP.
 *
 * @example
 * const server = await startLocalServer({ seed: 1 });
 * const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'local' });
 * const response = await client.responses.create({ model: 'gpt-5', input: 'Hello' });
 * await server.close();
 * @throws ScriptError when `script` is invalid; the listen error (e.g. `EADDRINUSE`) when the port is taken.
 * @since 0.1.0
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const built = createLocalServerApp(options);
  const host = options.host ?? DEFAULTS.host;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: built.app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${formatHost(host)}:${port}`;
  return {
    url,
    baseURL: `${url}${built.basePath}`,
    port,
    profile: built.profile,
    faults: built.faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        built.shutdown();
        const http = server as Server;
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections?.();
      }),
  };
}
