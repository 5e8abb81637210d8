/** What an endpoint can do. Strategies consult it before calling, so an impossible plan fails at once. */
export interface ProviderCapabilities {
  /** `stream: true` on create. */
  readonly stream: boolean;
  /** `background: true`, polling and cancel. */
  readonly background: boolean;
  /** Re-opening a response's stream with `starting_after`. */
  readonly streamResume: boolean;
  /** Server-side state: `store` and `previous_response_id`. */
  readonly previousResponseId: boolean;
  /** The Conversations API. */
  readonly conversations: boolean;
  /** Hosted tools (web search, file search, MCP, …). */
  readonly serverTools: boolean;
}

/**
 * A provider profile: the endpoint's name, route prefix and capabilities. `@weft/bedrock` ships the
 * Bedrock ones; a client without a profile is treated as {@link openAIProfile}.
 */
export interface ProviderProfile {
  /** E.g. `openai`, `bedrock-mantle`, `bedrock-runtime`, `local`. */
  readonly name: string;
  /** The path the Responses API lives under, e.g. `/v1` or `/openai/v1`. */
  readonly routePrefix: string;
  readonly capabilities: ProviderCapabilities;
  /** Limits worth knowing before a call (documented values; not enforced by the server profile). */
  readonly limits?: {
    readonly maxMetadataKeys?: number | undefined;
    readonly contextTokens?: number | undefined;
  } | undefined;
}

/** OpenAI's Responses API: everything is supported. */
export const openAIProfile: ProviderProfile = {
  name: 'openai',
  routePrefix: '/v1',
  capabilities: {
    stream: true,
    background: true,
    streamResume: true,
    previousResponseId: true,
    conversations: true,
    serverTools: true,
  },
  limits: { maxMetadataKeys: 16 },
};
