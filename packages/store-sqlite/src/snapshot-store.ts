/**
 * The SQLite snapshot store: machine snapshots by key, versioned on every save.
 *
 * @module
 */
import type { SnapshotStoreShape, StoredSnapshot } from '@weft/core';
import type { Connection } from './internal/connection.js';
import { attempt, type ErrorContext } from './internal/errors.js';
import { defineLazyJson } from './internal/turn-decoder.js';

/** Above every key that starts with a given prefix (U+10FFFF sorts last in UTF-8). */
const prefixEnd = '\u{10FFFF}';

/** Keys per `loadMany` query (bound as one JSON array). */
const keysPerQuery = 500;

/** A `snapshots` row as SQLite returns it. */
interface RawSnapshotRow {
  readonly key: string;
  readonly snapshot: string;
  readonly version: number;
  readonly updated_at: number;
}

/** A stored snapshot from its row; the snapshot's JSON is parsed on first read. */
function decodeSnapshot(row: RawSnapshotRow): StoredSnapshot {
  const stored = { key: row.key } as Record<string, unknown>;
  defineLazyJson(stored, 'snapshot', row.snapshot);
  stored['version'] = row.version;
  stored['updatedAt'] = row.updated_at;
  return stored as unknown as StoredSnapshot;
}

/**
 * Makes a {@link SnapshotStoreShape} over an open connection. `save` is one upsert that bumps the
 * key's version (1 for a new key) and commits as a progress write (no fsync of its own, see
 * `internal/durability.ts`); `list` orders by key and uses the primary key for the prefix.
 */
export function makeSqliteSnapshotStore(
  connection: Connection,
  context: ErrorContext,
): SnapshotStoreShape {
  const { client, relaxed } = connection;
  const columns = 'key, snapshot, version, updated_at';
  const upsert = client
    .prepare<[string, string, number], number>(
      `INSERT INTO snapshots (key, snapshot, version, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET snapshot = excluded.snapshot,
         version = snapshots.version + 1, updated_at = excluded.updated_at
       RETURNING version`,
    )
    .pluck();
  const select = client.prepare<[string], RawSnapshotRow>(
    `SELECT ${columns} FROM snapshots WHERE key = ?`,
  );
  const selectMany = client.prepare<[string], RawSnapshotRow>(
    `SELECT ${columns} FROM snapshots WHERE key IN (SELECT value FROM json_each(?))`,
  );
  const remove = client.prepare<[string]>('DELETE FROM snapshots WHERE key = ?');
  const listAll = client.prepare<[], RawSnapshotRow>(
    `SELECT ${columns} FROM snapshots ORDER BY key`,
  );
  const listPrefix = client.prepare<[string, string], RawSnapshotRow>(
    `SELECT ${columns} FROM snapshots WHERE key >= ? AND key < ? ORDER BY key`,
  );

  return {
    save: (key, snapshot, at) =>
      attempt(context, 'saveSnapshot', () => {
        const json = JSON.stringify(snapshot ?? null);
        const version = relaxed(() => upsert.get(key, json, at));
        if (version === undefined) throw new Error('upsert returned no row');
        // Decoded from the JSON just written: the caller's object is not shared.
        return decodeSnapshot({ key, snapshot: json, version, updated_at: at });
      }),
    load: (key) =>
      attempt(context, 'loadSnapshot', () => {
        const row = select.get(key);
        return row === undefined ? undefined : decodeSnapshot(row);
      }),
    loadMany: (keys) =>
      attempt(context, 'loadSnapshots', () => {
        const found = new Map<string, RawSnapshotRow>();
        const distinct = [...new Set(keys)];
        for (let i = 0; i < distinct.length; i += keysPerQuery) {
          const chunk = JSON.stringify(distinct.slice(i, i + keysPerQuery));
          for (const row of selectMany.all(chunk)) found.set(row.key, row);
        }
        // Each key asked gets its own decoded copy, as separate loads would.
        return keys.map((key) => {
          const row = found.get(key);
          return row === undefined ? undefined : decodeSnapshot(row);
        });
      }),
    delete: (key) =>
      attempt(context, 'deleteSnapshot', () => {
        remove.run(key);
      }),
    list: (prefix = '') =>
      attempt(context, 'listSnapshots', () =>
        (prefix === '' ? listAll.all() : listPrefix.all(prefix, prefix + prefixEnd)).map(
          decodeSnapshot,
        ),
      ),
  };
}
