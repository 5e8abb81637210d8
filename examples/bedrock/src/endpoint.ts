/**
 * Where the conversation goes: Amazon Bedrock when the environment holds credentials and a
 * region, otherwise the offline local server imitating bedrock-mantle. Both go through
 * `bedrock()`, so the client, the provider profile and the model checks are the same; only the
 * base URL and the key differ.
 */
import { bedrock, type BedrockClient, type Environment } from '@weft/bedrock';
import { startLocalServer, type Script } from '@weft/local-server';

/** The conversation's endpoint and a sentence saying which it is. */
export interface Endpoint {
  readonly kind: 'bedrock' | 'local';
  readonly description: string;
  readonly bedrock: BedrockClient;
  close(): Promise<void>;
}

/** What the offline model answers (the local server's default model fills the rest). */
export const localScript: Script = {
  rules: [
    {
      match: { input: 'weather', hasTools: true },
      reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] },
    },
    {
      match: { functionOutput: { name: 'get_weather' } },
      reply: { text: 'Lisbon is sunny at 21 °C, with a light breeze from the sea.' },
    },
    { match: { input: 'five words' }, reply: { text: 'Sunny, warm, breezy Lisbon day.' } },
  ],
};

/** Whether the environment names Bedrock credentials (and, for AWS ones, a region). */
export function hasBedrockCredentials(env: Environment): boolean {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const key = env['AWS_BEARER_TOKEN_BEDROCK'] !== undefined;
  const aws =
    (env['AWS_ACCESS_KEY_ID'] !== undefined && env['AWS_SECRET_ACCESS_KEY'] !== undefined) ||
    env['AWS_PROFILE'] !== undefined;
  const openAIStyle =
    env['OPENAI_BASE_URL']?.includes('bedrock') === true && env['OPENAI_API_KEY'] !== undefined;
  return openAIStyle || ((key || aws) && region !== undefined);
}

/** Options of {@link pickEndpoint}. */
export interface PickOptions {
  /** The model (default `WEFT_BEDROCK_MODEL`, then `openai.gpt-oss-120b`). */
  readonly model?: string | undefined;
  /** Sends the Bedrock requests to another origin (tests point it at a local mantle server). */
  readonly baseURL?: string | undefined;
}

/** Bedrock when credentials are set, the local server otherwise. */
export async function pickEndpoint(env: Environment, options: PickOptions = {}): Promise<Endpoint> {
  const model = options.model ?? env['WEFT_BEDROCK_MODEL'] ?? 'openai.gpt-oss-120b';
  if (hasBedrockCredentials(env)) {
    const client = bedrock({
      model,
      env,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    });
    return {
      kind: 'bedrock',
      description: `Amazon Bedrock: ${client.endpoint} in ${client.region}, model ${client.model}, ${client.auth.kind} from ${client.auth.source}.`,
      bedrock: client,
      close: async () => undefined,
    };
  }
  const server = await startLocalServer({ port: 0, profile: 'mantle', script: localScript });
  const client = bedrock({
    model,
    endpoint: 'mantle',
    region: 'us-east-1',
    apiKey: 'local',
    baseURL: server.url,
    env: {},
  });
  return {
    kind: 'local',
    description:
      `the offline local server imitating bedrock-mantle at ${server.url} (no Bedrock credentials: set ` +
      'AWS_BEARER_TOKEN_BEDROCK and AWS_REGION, or AWS credentials and AWS_REGION, to use Amazon Bedrock).',
    bedrock: client,
    close: () => server.close(),
  };
}
