/**
 * Test helpers: a local server imitating a Bedrock endpoint, a `bedrock()` client pointed at it,
 * and a `fetch` that records every request the SDK sends.
 */
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { bedrock, type BedrockClient, type BedrockOptions } from '../bedrock.js';

/** One request as the SDK sent it. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | null;
  readonly body: Record<string, unknown> | undefined;
}

/** A `fetch` that records requests before passing them on. */
export function recordingFetch(inner: typeof fetch = fetch): {
  fetch: typeof fetch;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as Record<string, unknown>)
        : undefined;
    sent.push({
      method: init?.method ?? 'GET',
      url,
      authorization: headers.get('authorization'),
      body,
    });
    return inner(input, init);
  };
  return { fetch: wrapped, sent };
}

/** A local server for `kind` and a Bedrock client for it. */
export interface LocalBedrock {
  readonly server: LocalServer;
  readonly bedrock: BedrockClient;
  readonly sent: SentRequest[];
  close(): Promise<void>;
}

/** Default model per endpoint: GPT-OSS, with the id each endpoint expects. */
export const GPT_OSS: Readonly<Record<'mantle' | 'runtime', string>> = {
  mantle: 'openai.gpt-oss-120b',
  runtime: 'openai.gpt-oss-120b-1:0',
};

/**
 * Starts `@weft/local-server` with `profile: kind` (requiring `serverKey` when given) and builds
 * `bedrock()` against its origin, so the route prefix is chosen per model as for real Bedrock.
 */
export async function startLocalBedrock(
  kind: 'mantle' | 'runtime',
  options: Partial<BedrockOptions> & { readonly serverKey?: string | undefined } = {},
): Promise<LocalBedrock> {
  const { serverKey, ...rest } = options;
  const server = await startLocalServer({
    port: 0,
    profile: kind,
    seed: 7,
    ...(serverKey === undefined ? {} : { apiKey: serverKey }),
  });
  const recorder = recordingFetch(options.fetch as typeof fetch | undefined);
  const auth =
    rest.apiKey === undefined && rest.credentials === undefined && rest.tokenProvider === undefined
      ? { apiKey: serverKey ?? 'local-key' }
      : {};
  const client = bedrock({
    model: GPT_OSS[kind],
    region: 'us-east-1',
    endpoint: kind,
    baseURL: server.url,
    env: {},
    ...auth,
    ...rest,
    fetch: recorder.fetch,
  });
  return { server, bedrock: client, sent: recorder.sent, close: () => server.close() };
}
