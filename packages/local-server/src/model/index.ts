/**
 * The deterministic scripted model behind `@weft/local-server`: scripts, their loading and
 * validation, and the model that answers requests from them.
 *
 * @module
 */
export type {
  ContextItem,
  FaultSpec,
  Model,
  ModelInput,
  ModelReply,
  ReplyItem,
  TextFormat,
  ToolDefinition,
} from './types.js';
export type {
  FunctionCallReply,
  FunctionOutputMatch,
  Match,
  PlaceholderName,
  ReasoningReply,
  Reply,
  Rule,
  Script,
  ScriptDefaults,
  TextPattern,
  TurnPattern,
} from './script.js';
export { placeholderNames } from './script.js';
export { ScriptError } from './script-error.js';
export { loadScript, parseScript } from './load-script.js';
export { createScriptedModel, noMatchingRuleCode } from './scripted-model.js';
export type { ScriptedModel, ScriptedModelOptions } from './scripted-model.js';
export { jsonFromSchema } from './json-from-schema.js';
export type { JsonFromSchemaOptions } from './json-from-schema.js';
export { estimateTokens } from './usage.js';
export { createModelInput, userMessage } from './model-input.js';
