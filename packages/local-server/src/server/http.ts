import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { ApiError } from '../internal/api-error.js';
import { type FrameSource, type StreamTiming, isImmediate, webStreamResponse, writeToNode } from '../sse/write-sse.js';

/** Hono environment: Node bindings when served over HTTP (absent in `app.request`), and the request id. */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { requestId: string };
}

/** The Hono context type of the app. */
export type AppContext = Context<AppEnv>;

/** A request header (lowercase name), read from Node's parsed headers when available (cheaper). */
export function header(c: AppContext, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (incoming === undefined) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A JSON response carrying `x-request-id`. */
export function sendJson(c: AppContext, body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return sendJsonText(c, JSON.stringify(body), status, headers);
}

/** A JSON response from already-serialised text. */
export function sendJsonText(c: AppContext, text: string, status = 200, headers: Record<string, string> = {}): Response {
  // A plain header object (not Hono's Headers merge) keeps @hono/node-server on its fast path.
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': c.get('requestId'), ...headers },
  });
}

/** An error in the protocol's shape, with its status and headers (e.g. `Retry-After`). */
export function sendError(c: AppContext, error: ApiError): Response {
  return sendJson(c, error.toBody(), error.status, { ...error.headers });
}

/** Node's response object, when the app runs under `@hono/node-server`. */
export function nodeOutgoing(c: AppContext): HttpBindings['outgoing'] | undefined {
  return c.env?.outgoing;
}

/** Cut the connection without answering (a fault); in-process, a body that errors. */
export function dropConnection(c: AppContext): Response {
  const outgoing = nodeOutgoing(c);
  if (outgoing !== undefined) {
    outgoing.socket?.destroy();
    outgoing.destroy();
    return RESPONSE_ALREADY_SENT;
  }
  return webStreamResponse({ 'content-type': 'application/json' }, [], { delayBetweenMs: 0, dropAfterEvents: 0 });
}

/** Send an SSE stream: one body when nothing needs timing, else written frame by frame. */
export function sendSse(
  c: AppContext,
  contentType: string,
  source: FrameSource,
  timing: StreamTiming,
): Response {
  const headers = {
    'content-type': contentType,
    'cache-control': 'no-cache',
    'x-request-id': c.get('requestId'),
  };
  if (isImmediate(source, timing)) return new Response(source.join(''), { status: 200, headers });
  const outgoing = nodeOutgoing(c);
  if (outgoing === undefined) return webStreamResponse(headers, source, timing);
  writeToNode(outgoing, headers, source, timing).catch(() => outgoing.destroy());
  return RESPONSE_ALREADY_SENT;
}
