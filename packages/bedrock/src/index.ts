/**
 * Amazon Bedrock for Weft: endpoints by region, routes per model, API-key and AWS-credential auth
 * (short-term tokens refreshed before they expire), provider profiles, and Bedrock advice on errors.
 *
 * @module
 */
export { bedrock, type BedrockOptions, type BedrockClient } from './bedrock.js';
export {
  resolveBedrockConfig,
  type BedrockConfigInput,
  type ResolvedBedrockConfig,
  type AuthDescription,
  type Environment,
} from './config.js';
export {
  MANTLE_REGIONS,
  RUNTIME_REGIONS,
  regionsOf,
  assertRegion,
  type BedrockEndpoint,
  type MantleRegion,
  type RuntimeRegion,
} from './regions.js';
export {
  endpointOrigin,
  mantleBaseURL,
  runtimeBaseURL,
  parseBedrockURL,
  type ParsedBedrockURL,
} from './endpoints.js';
export {
  BEDROCK_MODELS,
  findModel,
  mantleRouteFor,
  resolveModel,
  type BedrockModelInfo,
  type ResolvedModel,
  type ResponsesRoute,
} from './models.js';
export {
  bedrockMantleProfile,
  bedrockRuntimeProfile,
  bedrockProfileFor,
  localProfile,
  openAIProfile,
  type LocalServerKind,
} from './profiles.js';
export {
  UnknownRegion,
  UnsupportedModel,
  BedrockConfigError,
  isBedrockError,
  type BedrockError,
  type ModelProblem,
} from './errors.js';
export {
  BedrockRateLimited,
  BedrockForbidden,
  BedrockUnauthorized,
  BedrockWrongRoute,
  BedrockModelNotFound,
  type AuthKind,
  type BedrockCallFields,
} from './client-errors.js';
export { mapBedrockError, type BedrockErrorContext } from './map-bedrock-error.js';
export { wrapBedrockClient, type BedrockClientContext } from './bedrock-client.js';
export {
  createRefreshingTokenSource,
  MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_REFRESH_MARGIN_MS,
  type RefreshingTokenOptions,
  type RefreshingTokenSource,
  type MintToken,
} from './auth/refreshing-token.js';
export { apiKeySource, callbackSource, type TokenSource } from './auth/token-source.js';
export {
  defaultCredentialChain,
  credentialsFromEnv,
  type AwsCredentials,
  type AwsCredentialsProvider,
  type CredentialSource,
} from './auth/credentials.js';
