/**
 * Weft core: conversations over the OpenAI Responses API as XState machines, with typed errors,
 * retries, tool loops and durable turn trees.
 *
 * @module
 */
export * from './errors.js';
export type * from './domain/items.js';
export type * from './domain/turn.js';
export type * from './domain/conversation.js';
export type * from './domain/job.js';
export type * from './domain/events.js';
export { TurnStore, type TurnStoreShape } from './ports/turn-store.js';
export { JobStore, type JobStoreShape } from './ports/job-store.js';
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
} from './ports/responses-client.js';
export type { ExecutionStrategy, StrategyContext } from './ports/execution-strategy.js';
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
