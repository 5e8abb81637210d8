import { Hono } from 'hono';
import { FaultRegistry } from '../faults/fault-registry.js';
import { FaultResolver } from '../faults/resolve-faults.js';
import { ApiError } from '../internal/api-error.js';
import { systemClock } from '../internal/clock.js';
import { createSeededIdSource } from '../internal/ids.js';
import { createPrng } from '../internal/prng.js';
import { createScriptedModel } from '../model/index.js';
import { SchemaCompiler } from '../request/schema-compiler.js';
import { ConversationStore } from '../store/conversation-store.js';
import { ResponseStore } from '../store/response-store.js';
import { checkBearer } from './auth.js';
import { type AppEnv, header, sendError } from './http.js';
import { DEFAULTS, type LocalServerAppOptions } from './options.js';
import { type Profile, type RouteFlavor, flavorsOf } from './profile.js';
import { mountConversationRoutes } from './routes-conversations.js';
import { mountResponseRoutes } from './routes-responses.js';
import type { ServerState } from './server-state.js';
import type { FaultController } from '../faults/fault-registry.js';

/** The Hono app of the local server, with its profile, route flavours and fault controller. */
export interface LocalServerApp {
  /** The Hono app; `app.fetch` handles a web `Request`, `app.request(path, init)` works in-process. */
  readonly app: Hono<AppEnv>;
  readonly profile: Profile;
  /** Base path of the API, e.g. `/v1` (openai, mantle) or `/openai/v1` (runtime). */
  readonly basePath: string;
  /** Add or clear faults while the server runs. */
  readonly faults: FaultController;
  /** Cancel running background responses and end their live streams (call before dropping the app). */
  shutdown(): void;
}

function randomSeed(): string {
  return `${Date.now()}:${Math.random()}`;
}

/**
 * Build the local server as a Hono app, without listening. Use it in-process with
 * `app.request('/v1/responses', …)` or serve it yourself; {@link startLocalServer} does the latter.
 *
 * @example
 * const { app } = createLocalServerApp({ seed: 1 });
 * const res = await app.request('/v1/responses', { method: 'POST', body: JSON.stringify({ model: 'm', input: 'hi' }) });
 * @throws ScriptError when `script` is invalid.
 * @since 0.1.0
 */
export function createLocalServerApp(options: LocalServerAppOptions = {}): LocalServerApp {
  const profile = options.profile ?? DEFAULTS.profile;
  const flavors = flavorsOf(profile);
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? randomSeed();
  const registry = new FaultRegistry(options.faults);
  const state: ServerState = {
    profile,
    model: options.model ?? createScriptedModel(options.script),
    clock,
    ids: options.ids ?? createSeededIdSource(seed, profile === 'mantle' ? 'mantle' : 'openai'),
    noise: createPrng(`noise:${String(seed)}`),
    requestIds: createSeededIdSource(`requests:${String(seed)}`),
    responses: new ResponseStore(clock, {
      maxStored: options.maxStored ?? DEFAULTS.maxStored,
      maxAgeMs: options.maxAgeMs ?? DEFAULTS.maxAgeMs,
    }),
    conversations: new ConversationStore(clock, options.maxStored ?? DEFAULTS.maxStored),
    faults: registry,
    resolver: new FaultResolver(registry),
    schemas: new SchemaCompiler(),
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
  };

  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', state.requestIds.next('request'));
    if (state.apiKey !== undefined) checkBearer(header(c, 'authorization'), state.apiKey);
    await next();
  });
  flavors.forEach((flavor: RouteFlavor) => {
    mountResponseRoutes(app, state, flavor);
    mountConversationRoutes(app, state, flavor);
  });
  app.notFound((c) =>
    sendError(c, new ApiError(404, `Invalid URL (${c.req.method} ${c.req.path})`, 'invalid_request_error', null, null)),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    const message = error instanceof Error ? error.message : String(error);
    return sendError(c, new ApiError(500, `The local server failed: ${message}`, 'server_error', null, 'server_error'));
  });
  return {
    app,
    profile,
    basePath: (flavors[0] as RouteFlavor).prefix,
    faults: registry,
    shutdown: () => state.responses.cancelActive(),
  };
}
