import { Context, type Effect } from 'effect';
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
}

/** The `SnapshotStore` service. */
export class SnapshotStore extends Context.Service<SnapshotStore, SnapshotStoreShape>()(
  '@weft/core/SnapshotStore',
) {}
