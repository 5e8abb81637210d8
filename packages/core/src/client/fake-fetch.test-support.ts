/**
 * An in-process `fetch` for client tests: routes requests to handlers and records what was sent
 * (including each request's abort signal), so tests can see exactly what the SDK put on the wire.
 */
import type { FetchLike } from './openai-responses-client.js';

/** One request as the SDK sent it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
  readonly signal: AbortSignal | undefined;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/** A recording fetch whose answers come from `handler`. */
export function fakeFetch(handler: Handler): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : (JSON.parse(text) as unknown),
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function apiError(
  status: number,
  message: string,
  extra: { code?: string | null; param?: string | null; type?: string } = {},
  headers: Record<string, string> = {},
): Response {
  return json(
    {
      error: {
        message,
        type: extra.type ?? 'invalid_request_error',
        param: extra.param ?? null,
        code: extra.code ?? null,
      },
    },
    status,
    headers,
  );
}

/** An SSE body that writes `frames`, then closes (or stays open when `keepOpen`). */
export function sse(
  frames: readonly Record<string, unknown>[],
  options: { keepOpen?: boolean; failWith?: Error; signal?: AbortSignal | undefined } = {},
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const frame of frames) {
        controller.enqueue(
          encoder.encode(`event: ${String(frame['type'])}\ndata: ${JSON.stringify(frame)}\n\n`),
        );
      }
      const failure = options.failWith;
      if (failure !== undefined) setTimeout(() => controller.error(failure), 10);
      else if (options.keepOpen !== true) controller.close();
      options.signal?.addEventListener('abort', () => {
        try {
          controller.error(options.signal?.reason);
        } catch {
          // already closed
        }
      });
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** A minimal Response object as the API returns it. */
export function responseBody(
  id: string,
  status:
    'completed' | 'incomplete' | 'failed' | 'in_progress' | 'queued' | 'cancelled' = 'completed',
  text = 'hello',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: 1_767_225_600,
    status,
    model: 'scripted',
    output:
      status === 'in_progress' || status === 'queued'
        ? []
        : [
            {
              id: `msg_${id}`,
              type: 'message',
              role: 'assistant',
              status: 'completed',
              content: [{ type: 'output_text', text, annotations: [] }],
            },
          ],
    error: null,
    incomplete_details: null,
    usage: null,
    ...extra,
  };
}

/** The frames of a small streamed response. */
export function streamFrames(
  id: string,
  terminal = 'response.completed',
): Record<string, unknown>[] {
  const item = {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: 'hi', annotations: [] }],
  };
  return [
    { type: 'response.created', sequence_number: 0, response: responseBody(id, 'in_progress') },
    { type: 'response.in_progress', sequence_number: 1, response: responseBody(id, 'in_progress') },
    {
      type: 'response.output_text.delta',
      sequence_number: 2,
      item_id: item.id,
      output_index: 0,
      content_index: 0,
      delta: 'hi',
    },
    { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item },
    { type: terminal, sequence_number: 4, response: responseBody(id, 'completed', 'hi') },
  ];
}
