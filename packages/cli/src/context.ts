/**
 * Where `weft` keeps turns and which endpoint it talks to, resolved once per command from the
 * global options and the environment.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  ProviderProfile,
  ResponsesClientShape,
  Weft,
  ConversationSettings,
  Tool,
} from '@weft/core';
import type { SqliteStore } from '@weft/store-sqlite';
import { UsageError } from './errors.js';

/** The options every command accepts. */
export interface GlobalOptions {
  readonly db?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly model?: string | undefined;
  readonly debug?: boolean | undefined;
  readonly color?: boolean | undefined;
}

/** The endpoint kinds `--endpoint` accepts. */
export const endpointKinds = ['auto', 'local', 'bedrock', 'openai'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

/** The database path: `--db`, else `WEFT_DB`, else `./weft.db`. */
export function resolveDbPath(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const path = options.db ?? env['WEFT_DB'] ?? './weft.db';
  if (path.trim() === '') throw new UsageError('--db needs a file path, e.g. --db ./weft.db.');
  return resolve(path);
}

/** Opens (creating and migrating) the database. */
export async function openStore(options: GlobalOptions): Promise<SqliteStore> {
  const { openSqliteStore } = await import('@weft/store-sqlite');
  return openSqliteStore({ path: resolveDbPath(options) });
}

/** Opens an existing database, failing with a hint when there is none. */
export async function openExistingStore(options: GlobalOptions): Promise<SqliteStore> {
  const path = resolveDbPath(options);
  if (!existsSync(path)) {
    throw new UsageError(
      `No database at ${path}. Pass --db <file> (or set WEFT_DB), or start with 'weft chat'.`,
    );
  }
  const { openSqliteStore } = await import('@weft/store-sqlite');
  return openSqliteStore({ path });
}

/** Which endpoint a command talks to and why; never holds a secret in a printable field. */
export interface Endpoint {
  readonly kind: Exclude<EndpointKind, 'auto'>;
  /** How the choice was made, e.g. `AWS_BEARER_TOKEN_BEDROCK and AWS_REGION are set`. */
  readonly reason: string;
  readonly client: ResponsesClientShape;
  readonly profile: ProviderProfile;
  readonly model: string;
  readonly baseURL: string;
  /** The credential's source (an environment variable's name), never its value. */
  readonly auth: string;
  /** Stops the embedded server, if one was started. */
  close(): Promise<void>;
}

/** Picks `auto`'s endpoint from the environment. */
export async function detectEndpoint(
  env: NodeJS.ProcessEnv,
): Promise<{ kind: Exclude<EndpointKind, 'auto'>; reason: string }> {
  const { parseBedrockURL } = await import('@weft/bedrock');
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (set(env['AWS_BEARER_TOKEN_BEDROCK']) && set(region)) {
    return { kind: 'bedrock', reason: 'AWS_BEARER_TOKEN_BEDROCK and AWS_REGION are set' };
  }
  const baseURL = env['OPENAI_BASE_URL'];
  if (set(baseURL) && parseBedrockURL(baseURL) !== undefined && set(env['OPENAI_API_KEY'])) {
    return {
      kind: 'bedrock',
      reason: 'OPENAI_BASE_URL is a Bedrock endpoint and OPENAI_API_KEY is set',
    };
  }
  if (set(baseURL) || set(env['OPENAI_API_KEY'])) {
    return {
      kind: 'openai',
      reason: `${set(baseURL) ? 'OPENAI_BASE_URL' : 'OPENAI_API_KEY'} is set`,
    };
  }
  return {
    kind: 'local',
    reason: 'no endpoint is configured, so the embedded local server is used',
  };
}

function set(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

const defaultModels = {
  local: 'scripted',
  bedrock: 'openai.gpt-oss-120b',
  openai: 'gpt-5-mini',
} as const;

/**
 * Resolves the endpoint: `--endpoint` (or `WEFT_ENDPOINT`), else Bedrock when its environment is
 * set, else `OPENAI_BASE_URL`/`OPENAI_API_KEY`, else the embedded local server on a free port.
 *
 * @throws UsageError for an unknown `--endpoint`; Bedrock's configuration errors as they are.
 */
export async function resolveEndpoint(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Endpoint> {
  const asked = options.endpoint ?? env['WEFT_ENDPOINT'] ?? 'auto';
  if (!(endpointKinds as readonly string[]).includes(asked)) {
    throw new UsageError(`--endpoint must be one of ${endpointKinds.join(', ')}, got '${asked}'.`);
  }
  const { kind, reason } =
    asked === 'auto'
      ? await detectEndpoint(env)
      : { kind: asked as Exclude<EndpointKind, 'auto'>, reason: `--endpoint ${asked}` };
  const model = options.model ?? env['WEFT_MODEL'] ?? defaultModels[kind];
  const { bedrock, localProfile, openAIProfile } = await import('@weft/bedrock');
  const { createOpenAIResponsesClient } = await import('@weft/core');
  if (kind === 'local') {
    const { startLocalServer } = await import('@weft/local-server');
    const server = await startLocalServer({ port: 0 });
    const profile = localProfile('openai');
    return {
      kind,
      reason,
      client: createOpenAIResponsesClient({
        baseURL: server.baseURL,
        apiKey: 'local',
        profile,
        provider: 'local',
      }),
      profile,
      model,
      baseURL: server.baseURL,
      auth: 'none (local server)',
      close: () => server.close(),
    };
  }
  if (kind === 'bedrock') {
    const b = bedrock({ model, env });
    return {
      kind,
      reason,
      client: b.client,
      profile: b.profile,
      model: b.model,
      baseURL: b.baseURL,
      auth: `${b.auth.kind} from ${b.auth.source}`,
      close: () => Promise.resolve(),
    };
  }
  const baseURL = env['OPENAI_BASE_URL'] ?? 'https://api.openai.com/v1';
  const apiKey = env['OPENAI_API_KEY'];
  return {
    kind,
    reason,
    client: createOpenAIResponsesClient({
      baseURL,
      apiKey: apiKey ?? 'unset',
      profile: openAIProfile,
    }),
    profile: openAIProfile,
    model,
    baseURL,
    auth: set(apiKey) ? 'api-key from OPENAI_API_KEY' : 'none (OPENAI_API_KEY is not set)',
    close: () => Promise.resolve(),
  };
}

/** A Weft over an endpoint and a store, with the stream and background strategies installed. */
export async function makeWeft(
  endpoint: Endpoint,
  store: SqliteStore,
  defaults: Partial<ConversationSettings> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  tools: readonly Tool<any>[] = [],
): Promise<Weft> {
  const { createWeft } = await import('@weft/core');
  const { streamStrategy } = await import('@weft/adapter-stream');
  const { backgroundStrategy } = await import('@weft/adapter-background');
  return createWeft({
    client: endpoint.client,
    store,
    strategies: {
      stream: streamStrategy(),
      background: backgroundStrategy({ fallbackToStream: true }),
    },
    defaults: { model: endpoint.model, ...(tools.length > 0 ? { tools } : {}), ...defaults },
  });
}

/** Whether a profile can run the stream strategy. */
export const canStream = (profile: ProviderProfile): boolean => profile.capabilities.stream;
