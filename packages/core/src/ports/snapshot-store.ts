import { Context, Effect } from 'effect';
import type { StorageError } from '../errors.js';

/** A persisted machine snapshot (a conversation's or a workflow run's). JSON only. */
export interface StoredSnapshot {
  readonly key: string;
  readonly snapshot: unknown;
  readonly version: number;
  readonly updatedAt: number;
}

/** Machine snapshots by key, so a live machine can be rebuilt after a restart. */
export interface SnapshotStoreShape {
  save(key: string, snapshot: unknown, at: number): Effect.Effect<StoredSnapshot, StorageError>;
  load(key: string): Effect.Effect<StoredSnapshot | undefined, StorageError>;
  delete(key: string): Effect.Effect<void, StorageError>;
  list(prefix?: string): Effect.Effect<readonly StoredSnapshot[], StorageError>;
  /**
   * Loads several keys in one read: the result lines up with `keys`, `undefined` where nothing is
   * stored. Optional; {@link loadSnapshots} falls back to `load` key by key without it.
   */
  loadMany?(keys: readonly string[]): Effect.Effect<readonly (StoredSnapshot | undefined)[], StorageError>;
}

/** Loads `keys` with the store's `loadMany` when it has one, else key by key; lined up with `keys`. */
export function loadSnapshots(
  store: SnapshotStoreShape,
  keys: readonly string[],
): Effect.Effect<readonly (StoredSnapshot | undefined)[], StorageError> {
  if (store.loadMany !== undefined) return store.loadMany(keys);
  return Effect.forEach(keys, (key) => store.load(key));
}

/** The `SnapshotStore` service. */
export class SnapshotStore extends Context.Service<SnapshotStore, SnapshotStoreShape>()(
  '@weft/core/SnapshotStore',
) {}
