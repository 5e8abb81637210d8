/**
 * Machine snapshots by key, in memory.
 *
 * @module
 */
import { Effect } from 'effect';
import type { SnapshotStoreShape, StoredSnapshot } from '../ports/snapshot-store.js';
import { mutableCopy } from './frozen.js';

/**
 * Makes an empty in-memory {@link SnapshotStoreShape}.
 *
 * `save` copies the snapshot and bumps the key's version (1 for a new key); `load` and `list`
 * return fresh copies, so a restored machine may mutate what it gets. `list` orders by key.
 *
 * @example
 * ```ts
 * const snapshots = makeMemorySnapshotStore();
 * const saved = await Effect.runPromise(snapshots.save('conv_1', { value: 'idle' }, 0));
 * saved.version; // 1
 * ```
 */
export function makeMemorySnapshotStore(): SnapshotStoreShape {
  const entries = new Map<string, StoredSnapshot>();
  const copyOut = (entry: StoredSnapshot): StoredSnapshot => ({
    ...entry,
    snapshot: mutableCopy(entry.snapshot),
  });

  return {
    save: (key, snapshot, at) =>
      Effect.sync(() => {
        const entry: StoredSnapshot = {
          key,
          snapshot: mutableCopy(snapshot),
          version: (entries.get(key)?.version ?? 0) + 1,
          updatedAt: at,
        };
        entries.set(key, entry);
        return copyOut(entry);
      }),

    load: (key) =>
      Effect.sync(() => {
        const entry = entries.get(key);
        return entry === undefined ? undefined : copyOut(entry);
      }),

    loadMany: (keys) =>
      Effect.sync(() =>
        keys.map((key) => {
          const entry = entries.get(key);
          return entry === undefined ? undefined : copyOut(entry);
        }),
      ),

    delete: (key) =>
      Effect.sync(() => {
        entries.delete(key);
      }),

    list: (prefix = '') =>
      Effect.sync(() => {
        const found: StoredSnapshot[] = [];
        for (const entry of entries.values()) {
          if (entry.key.startsWith(prefix)) found.push(copyOut(entry));
        }
        found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        return found;
      }),
  };
}
