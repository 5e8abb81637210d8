/**
 * Helpers for testing code built on Weft, and for testing Weft stores: a fixed clock, sequential
 * ids, in-memory stores, in-memory OpenTelemetry, and the store conformance suite every store
 * implementation must pass.
 *
 * @module
 */
export { fixedClock, type FixedClock } from './services/clock.js';
export { sequentialIds } from './services/ids.js';
export { makeMemoryStores, memoryStoresLayer, type MemoryStores } from './memory/memory-stores.js';
export { makeMemoryTurnStore } from './memory/memory-turn-store.js';
export { makeMemoryJobStore } from './memory/memory-job-store.js';
export { makeMemorySnapshotStore } from './memory/memory-snapshot-store.js';
export { describeStoreConformance } from './testing/store-conformance.js';
export type { MakeStoreFixture, StoreContender, StoreFixture } from './testing/store-fixture.js';
export {
  memoryOtel,
  parentOf,
  pointValue,
  spanTree,
  type MemoryOtel,
} from './telemetry/otel.test-support.js';
