/**
 * The HTTP service: the page, a JSON API scoped to the visitor, and an SSE stream per send.
 *
 * | route | what |
 * | --- | --- |
 * | `GET /` | the chat page (static HTML and JS) |
 * | `GET /api/conversations` / `POST` | the visitor's conversations / a new one |
 * | `GET /api/conversations/:id` | messages, whether an answer is in flight, pending approvals |
 * | `POST /api/conversations/:id/messages` | `{ text }`: send; follow the answer on `events` |
 * | `GET /api/conversations/:id/events` | SSE; `Last-Event-ID` (or `?after=`) re-attaches from there |
 * | `POST /api/conversations/:id/approvals/:callId` | `{ approve: boolean, reason? }` |
 * | `POST /api/conversations/:id/fork` | `{ turnId? }`: a new conversation sharing the history |
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Weft } from '@weft/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { ChatService, HttpError } from './chat-service.js';
import { parseCursor, sendEvents } from './event-stream.js';
import { createRateLimiter } from './rate-limit.js';
import { staticPage } from './static-page.js';
import { visitorOwner } from './visitors.js';

/** Bounds on what one visitor may ask for. */
export interface Limits {
  /** Largest request body, bytes (413 beyond). */
  readonly maxBodyBytes: number;
  /** Longest message, characters (413 beyond). */
  readonly maxMessageChars: number;
  /** API requests per address per minute (429 beyond). */
  readonly requestsPerMinute: number;
  /** Messages, new conversations and forks per visitor per minute (429 beyond). */
  readonly writesPerMinute: number;
}

/** The defaults of {@link Limits}. */
export const defaultLimits: Limits = {
  maxBodyBytes: 16 * 1024,
  maxMessageChars: 4000,
  requestsPerMinute: 600,
  writesPerMinute: 20,
};

/** Options of {@link createAgentBackendApp}. */
export interface AgentBackendAppOptions {
  /** A Weft whose store keeps the event log (SQLite with the stream strategy). */
  readonly weft: Weft;
  readonly limits?: Partial<Limits> | undefined;
  /** The rate limiters' clock, ms. */
  readonly now?: (() => number) | undefined;
}

type Env = { Variables: { owner: string } };

const messageBody = z.object({ text: z.string().trim().min(1) });
const decisionBody = z.object({ approve: z.boolean(), reason: z.string().max(500).optional() });
const forkBody = z.object({ turnId: z.string().max(100).optional() });

async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let value: unknown;
  try {
    const text = await c.req.text();
    value = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body must be JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError(400, `Invalid body: ${parsed.error.issues[0]?.message ?? 'bad shape'}.`);
  return parsed.data;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Builds the service; `service.close()` stops its conversations. */
export function createAgentBackendApp(options: AgentBackendAppOptions): {
  app: Hono<Env>;
  service: ChatService;
} {
  const limits = { ...defaultLimits, ...options.limits };
  const service = new ChatService(options.weft);
  const requests = createRateLimiter({
    limit: limits.requestsPerMinute,
    windowMs: 60_000,
    now: options.now,
  });
  const writes = createRateLimiter({
    limit: limits.writesPerMinute,
    windowMs: 60_000,
    now: options.now,
  });
  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message }, error.status);
    console.error(error);
    return c.json({ error: 'Something went wrong on the server.' }, 500);
  });

  const refuse = (c: Context, retryAfterMs: number) => {
    c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    return c.json({ error: 'Too many requests; wait a moment.' }, 429);
  };

  app.use('/api/*', async (c, next) => {
    const decision = requests.take(clientAddress(c));
    if (!decision.ok) return refuse(c, decision.retryAfterMs);
    c.set('owner', visitorOwner(c));
    c.header('Cache-Control', 'no-store');
    await next();
    return undefined;
  });
  app.on('POST', '/api/*', async (c, next) => {
    const decision = writes.take(c.get('owner'));
    if (!decision.ok) return refuse(c, decision.retryAfterMs);
    await next();
    return undefined;
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) =>
        c.json({ error: `The request is larger than ${limits.maxBodyBytes} bytes.` }, 413),
    }),
  );

  app.get('/api/conversations', async (c) =>
    c.json({ conversations: await service.list(c.get('owner')) }),
  );
  app.post('/api/conversations', async (c) => c.json(await service.create(c.get('owner')), 201));
  app.get('/api/conversations/:id', async (c) =>
    c.json(await service.view(c.get('owner'), c.req.param('id'))),
  );

  app.post('/api/conversations/:id/messages', async (c) => {
    const { text } = await readJson(c, messageBody);
    if (text.length > limits.maxMessageChars) {
      throw new HttpError(413, `Messages are limited to ${limits.maxMessageChars} characters.`);
    }
    await service.send(c.get('owner'), c.req.param('id'), text);
    return c.json({ accepted: true }, 202);
  });

  app.post('/api/conversations/:id/approvals/:callId', async (c) => {
    const { approve, reason } = await readJson(c, decisionBody);
    await service.decide(c.get('owner'), c.req.param('id'), c.req.param('callId'), approve, reason);
    return c.json({ decided: true });
  });

  app.post('/api/conversations/:id/fork', async (c) => {
    const { turnId } = await readJson(c, forkBody);
    return c.json(await service.fork(c.get('owner'), c.req.param('id'), turnId), 201);
  });

  app.get('/api/conversations/:id/events', async (c) => {
    const activity = await service.activity(c.get('owner'), c.req.param('id'));
    const cursor = parseCursor(c.req.header('last-event-id') ?? c.req.query('after'));
    return streamSSE(c, async (stream) => {
      if (activity === undefined) {
        await stream.writeSSE({
          event: 'done',
          data: JSON.stringify({ status: 'idle', error: null }),
        });
        return;
      }
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      const frames = sendEvents({
        activity,
        turns: options.weft.store.turns,
        cursor,
        signal: controller.signal,
      });
      for await (const frame of frames) {
        await stream.writeSSE({
          ...(frame.id === undefined ? {} : { id: frame.id }),
          event: frame.event,
          data: JSON.stringify(frame.data),
        });
      }
    });
  });

  app.route('/', staticPage());
  return { app, service };
}
