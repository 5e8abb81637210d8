/**
 * `@weft/local-server`: an offline Responses-API-compatible server driven by a deterministic
 * scripted model, with fault injection. Point any Responses client at it for offline development.
 *
 * @module
 */
export { startLocalServer } from './server/start-local-server.js';
export type { LocalServer } from './server/start-local-server.js';
export { createLocalServerApp } from './server/create-app.js';
export type { LocalServerApp } from './server/create-app.js';
export type { LocalServerAppOptions, LocalServerOptions } from './server/options.js';
export type { AppEnv } from './server/http.js';
export { PROFILES } from './server/profile.js';
export type { Profile } from './server/profile.js';
export type { FaultController } from './faults/fault-registry.js';
export { FAULT_HEADER, parseFaultHeader } from './faults/parse-fault-header.js';
export { InvalidFaultSpec, validateFaultSpec } from './faults/validate-fault-spec.js';
export { createManualClock, systemClock } from './internal/clock.js';
export type { Clock, ManualClock } from './internal/clock.js';
export { createSeededIdSource } from './internal/ids.js';
export type { IdKind, IdSource, IdStyle } from './internal/ids.js';
export type { ErrorBody } from './internal/api-error.js';
export {
  ScriptError,
  createModelInput,
  createScriptedModel,
  estimateTokens,
  jsonFromSchema,
  loadScript,
  noMatchingRuleCode,
  parseScript,
  placeholderNames,
  userMessage,
} from './model/index.js';
export type {
  ContextItem,
  FaultSpec,
  FunctionCallReply,
  FunctionOutputMatch,
  JsonFromSchemaOptions,
  Match,
  Model,
  ModelInput,
  ModelReply,
  PlaceholderName,
  ReasoningReply,
  Reply,
  ReplyItem,
  Rule,
  Script,
  ScriptDefaults,
  ScriptedModel,
  ScriptedModelOptions,
  TextFormat,
  TextPattern,
  ToolDefinition,
  TurnPattern,
} from './model/index.js';
