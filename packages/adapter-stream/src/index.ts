/**
 * `@weft/adapter-stream`: the streaming execution strategy for Weft. Turns run with `stream: true`
 * through the `openai` SDK; every event becomes a typed turn event, output is persisted as it
 * arrives (batched), and readers can re-attach to a turn's events from the store.
 *
 * @module
 */
export { streamStrategy } from './stream-strategy.js';
export type { StreamStrategyOptions } from './stream-options.js';
export {
  mapStreamEvent,
  sequenceNumberOf,
  responseOf,
  isTerminalStreamEvent,
  deltaKindOf,
} from './map-stream-event.js';
export { OutputAccumulator } from './output-accumulator.js';
export { attachToTurn, attachToTurnStream, type AttachToTurnOptions } from './attach-to-turn.js';
export { TurnEventBus, defaultTurnEventBus, type TurnEventListener } from './turn-event-bus.js';
