/** A visitor as tests see it: its own cookie, JSON helpers and an SSE reader over fetch. */

/** One SSE frame as received. */
export interface Frame {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** A browser-like client with its own visitor cookie. */
export interface Visitor {
  readonly cookie: string;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** Reads SSE frames until `until` returns true, the stream ends, or `max` frames arrived. */
  events(
    path: string,
    options?: { readonly lastEventId?: string; readonly until?: (frame: Frame) => boolean },
  ): Promise<Frame[]>;
}

function parseFrame(block: string): Frame | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { id, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
}

/** Creates a visitor: the first request gets the service's cookie. */
export async function newVisitor(baseUrl: string): Promise<Visitor> {
  const first = await fetch(`${baseUrl}/api/conversations`);
  const setCookie = first.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (!cookie.startsWith('weft_visitor=')) throw new Error(`no visitor cookie: ${setCookie}`);
  return visitorWith(baseUrl, cookie);
}

/** A visitor that already has `cookie` (the same browser coming back, e.g. after a restart). */
export function visitorWith(baseUrl: string, cookie: string): Visitor {
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    cookie,
    request,
    async json<T>(method: string, path: string, body?: unknown) {
      const response = await request(method, path, body);
      if (!response.ok)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async events(path, options = {}) {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}${path}`, {
        headers: {
          cookie,
          accept: 'text/event-stream',
          ...(options.lastEventId === undefined ? {} : { 'last-event-id': options.lastEventId }),
        },
        signal: controller.signal,
      });
      if (!response.ok || response.body === null) throw new Error(`events: ${response.status}`);
      const frames: Frame[] = [];
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true }).replaceAll('\r\n', '\n');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (frame === undefined) continue;
            frames.push(frame);
            if (options.until?.(frame) === true) return frames;
          }
        }
      } finally {
        controller.abort();
      }
      return frames;
    },
  };
}

/** The text the `delta` frames carry, joined. */
export function deltaText(frames: readonly Frame[]): string {
  return frames
    .filter((f) => f.event === 'delta' && f.data['kind'] === 'text')
    .map((f) => String(f.data['delta']))
    .join('');
}
