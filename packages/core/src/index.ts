/**
 * Weft core: conversations over the OpenAI Responses API as XState machines, with typed errors,
 * retries, tool loops and durable turn trees.
 *
 * @module
 */
export * from './errors.js';
export type * from './domain/items.js';
export type * from './domain/turn.js';
export type {
  Conversation as ConversationRecord,
  NewConversation,
  ConversationQuery,
  Metadata,
  Page,
} from './domain/conversation.js';
export type * from './domain/job.js';
export type * from './domain/events.js';
export {
  TurnStore,
  type FinishedTurn,
  type FinishTurn,
  type TurnStoreShape,
} from './ports/turn-store.js';
export { JobStore, type CheckpointJob, type FinishJob, type JobStoreShape } from './ports/job-store.js';
export {
  SnapshotStore,
  type SnapshotStoreShape,
  type StoredSnapshot,
} from './ports/snapshot-store.js';
export {
  ResponsesClient,
  type ResponsesClientShape,
  type CreateParams,
  type CallOptions,
  type ServerConversation,
  type ResponseEventIterable,
} from './ports/responses-client.js';
export type { ExecutionStrategy, StrategyContext } from './ports/execution-strategy.js';
export {
  openAIProfile,
  type ProviderProfile,
  type ProviderCapabilities,
} from './ports/provider-profile.js';
export { checkPlan } from './conversation/plan.js';
export {
  WeftClock,
  systemClock,
  fixedClock,
  systemClockLayer,
  type ClockShape,
  type FixedClock,
} from './services/clock.js';
export {
  IdGenerator,
  randomIds,
  sequentialIds,
  randomIdsLayer,
  type IdGeneratorShape,
  type IdKind,
} from './services/ids.js';

// The Promise/AsyncIterable API.
export { createWeft, Weft, type WeftOptions, type WeftStores, type NewConversationOptions } from './weft.js';
export { Conversation } from './conversation/conversation.js';
export type { ConversationSettings, SendOptions, ResolvedSettings } from './conversation/settings.js';
export type { SendEvent, SendResult, TurnHandle } from './conversation/turn-handle.js';

// The conversation machine, for inspection and custom composition.
export {
  conversationMachine,
  type ConversationActor,
} from './machine/conversation-machine.js';
export type {
  ConversationContext,
  ConversationEvent,
  ConversationEmitted,
  ConversationMachineInput,
  ApprovalDecision,
  PendingApproval as MachinePendingApproval,
} from './machine/machine-types.js';

// Context strategies.
export { assembleRequest, type AssembleInput, type AssembledRequest } from './context/assemble-request.js';
export { chainToInputItems, toInputItems, userMessage } from './context/chain-items.js';
export { effectiveStrategy } from './context/effective-strategy.js';

// The Responses client over the openai SDK.
export {
  createOpenAIResponsesClient,
  openAIResponsesClientLayer,
  type OpenAIResponsesClientOptions,
  type ClientSettings,
  type ExistingClientOptions,
  type FetchLike,
} from './client/openai-responses-client.js';
export { mapSdkError, type ClientOperation } from './client/map-error.js';
export { redactSecrets } from './client/redact.js';

// Execution strategies.
export { blockingStrategy } from './strategy/blocking.js';
export { terminalEvent, isTerminalResponse, type TerminalTurnEvent } from './strategy/terminal-event.js';

// Retries.
export {
  decideRetry,
  withRetry,
  resolveRetryPolicy,
  defaultRetryPolicy,
  type RetryPolicy,
  type RetryDecision,
  type RetryContext,
} from './retry/retry-policy.js';

// Tools and structured outputs.
export {
  defineTool,
  type Tool,
  type ToolContext,
  type ToolPolicy,
  type ZodToolConfig,
  type JsonSchemaToolConfig,
} from './tools/define-tool.js';
export { toolDefinitionsFor } from './tools/tool-definitions.js';
export { runToolCalls, type ToolCallRecord, type ToolCallsResult, type RunToolCallsOptions } from './tools/run-tool-calls.js';
export { pendingApprovals, rejectionOutput, type PendingApproval } from './tools/approvals.js';
export { toStrictJsonSchema, zodToJsonSchema, type JsonSchema, type StrictJsonSchema } from './tools/strict-json-schema.js';
export { outputSchema, type OutputSchema, type OutputSchemaOptions } from './structured/output-schema.js';
export { checkJsonSchema } from './tools/json-schema-check.js';
export { outputText } from './conversation/engine.js';
export { correctiveMessage } from './structured/corrective-message.js';

// In-memory stores.
export { makeMemoryStores, memoryStoresLayer, type MemoryStores } from './memory/memory-stores.js';

// Observability: traces and metrics through @opentelemetry/api, structured logs, machine export.
export {
  resolveTelemetry,
  makeInstruments,
  instrumentationName,
  type TelemetryOptions,
  type Telemetry,
  type WeftInstruments,
} from './telemetry/telemetry.js';
export { Attr as TelemetryAttributes } from './telemetry/attributes.js';
export {
  consoleLogger,
  silentLogger,
  type Logger,
  type LogLevel,
  type LogFields,
  type ConsoleLoggerOptions,
} from './telemetry/logger.js';
export { redactingLogger, redactValue, isSecretKey, type RedactingLoggerOptions } from './telemetry/redacting-logger.js';
export { pinoLogger, type PinoLike } from './telemetry/pino-logger.js';
export {
  instrumentResponsesClient,
  finishReasons,
  tracedClientOrigin,
  type ClientSpanScope,
  type TracedClientOrigin,
} from './telemetry/traced-client.js';
export {
  JobTelemetry,
  JobsInFlight,
  type JobDriver,
  type JobResumeReason,
  type JobSubject,
  type PollSeen,
} from './telemetry/job-telemetry.js';
export { instrumentStore, type InstrumentStoreOptions } from './telemetry/traced-store.js';
export { conversationMachineJSON } from './telemetry/machine-json.js';
export { contextWithSpan, endSpanWith, errorTag, inSpan, recordFailure } from './telemetry/span-effect.js';
