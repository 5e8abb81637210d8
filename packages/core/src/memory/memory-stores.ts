/**
 * All three stores in memory, as plain values and as an Effect layer.
 *
 * @module
 */
import { Layer } from 'effect';
import { JobStore, type JobStoreShape } from '../ports/job-store.js';
import { SnapshotStore, type SnapshotStoreShape } from '../ports/snapshot-store.js';
import { TurnStore, type TurnStoreShape } from '../ports/turn-store.js';
import { makeMemoryJobStore } from './memory-job-store.js';
import { makeMemorySnapshotStore } from './memory-snapshot-store.js';
import { makeMemoryTurnStore } from './memory-turn-store.js';

/** A turn store, a job store and a snapshot store that live in memory. */
export interface MemoryStores {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly snapshots: SnapshotStoreShape;
}

/**
 * Makes a fresh, empty set of memory stores: for tests and quick scripts. Nothing survives the process.
 *
 * @example
 * ```ts
 * const { turns } = makeMemoryStores();
 * await Effect.runPromise(turns.createConversation({ id: 'conv_1', createdAt: 0 }));
 * ```
 */
export function makeMemoryStores(): MemoryStores {
  return {
    turns: makeMemoryTurnStore(),
    jobs: makeMemoryJobStore(),
    snapshots: makeMemorySnapshotStore(),
  };
}

/**
 * A layer providing `TurnStore`, `JobStore` and `SnapshotStore` from memory stores. Pass `stores`
 * to keep a handle on them (to inspect them in a test); otherwise each call makes fresh ones.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const turns = yield* TurnStore;
 *   return yield* turns.listConversations();
 * });
 * await Effect.runPromise(Effect.provide(program, memoryStoresLayer()));
 * ```
 */
export function memoryStoresLayer(
  stores: MemoryStores = makeMemoryStores(),
): Layer.Layer<TurnStore | JobStore | SnapshotStore> {
  return Layer.mergeAll(
    Layer.succeed(TurnStore, stores.turns),
    Layer.succeed(JobStore, stores.jobs),
    Layer.succeed(SnapshotStore, stores.snapshots),
  );
}
