import { bedrock } from '@weft/bedrock';
import type { ResponsesClientShape } from '@weft/core';
import { startLocalServer, type Script } from '@weft/local-server';

/** Where the demo talks to: the embedded local server, or a real endpoint from the environment. */
export interface DemoEndpoint {
  readonly label: string;
  readonly client: ResponsesClientShape | { readonly baseURL: string; readonly apiKey: string };
  readonly model: string;
  close(): Promise<void>;
}

/** The scripted model's lines for the demo conversation (the local server's default model fills the rest). */
export const demoScript: Script = {
  rules: [
    {
      name: 'weather',
      match: { input: 'weather', hasTools: true },
      reply: {
        text: 'Let me check the forecast.',
        phase: 'commentary',
        functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }],
      },
    },
    {
      name: 'weather-answer',
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'Here is what {{tool}} says for you: {{output}}' },
    },
  ],
};

/**
 * Bedrock when its variables are set (`AWS_BEARER_TOKEN_BEDROCK` + `AWS_REGION`, or a Bedrock
 * `OPENAI_BASE_URL` + `OPENAI_API_KEY`), otherwise the embedded local server on a free port.
 * `WEFT_MODEL` picks the Bedrock model (default `openai.gpt-oss-120b`).
 */
export async function pickEndpoint(env: NodeJS.ProcessEnv = process.env): Promise<DemoEndpoint> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const bedrockKey = env.AWS_BEARER_TOKEN_BEDROCK !== undefined && region !== undefined;
  const bedrockURL = env.OPENAI_BASE_URL?.includes('bedrock') === true && env.OPENAI_API_KEY !== undefined;
  if (bedrockKey || bedrockURL) {
    const configured = bedrock({ model: env.WEFT_MODEL ?? 'openai.gpt-oss-120b', env });
    return {
      label: `Amazon Bedrock (${configured.endpoint}, ${configured.region})`,
      client: configured.client,
      model: configured.model,
      close: async () => undefined,
    };
  }
  const server = await startLocalServer({ port: 0, script: demoScript });
  return {
    label: `the embedded local server at ${server.baseURL}`,
    client: { baseURL: server.baseURL, apiKey: 'local' },
    model: 'weft-local-1',
    close: () => server.close(),
  };
}
