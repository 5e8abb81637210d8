/**
 * The SQLite snapshot store: machine snapshots by key, versioned on every save.
 *
 * @module
 */
import type { SnapshotStoreShape, StoredSnapshot } from '@weft/core';
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Connection } from './internal/connection.js';
import { attempt, type ErrorContext } from './internal/errors.js';
import { toSnapshot } from './internal/rows.js';
import { snapshots } from './schema.js';

/** Above every key that starts with a given prefix (U+10FFFF sorts last in UTF-8). */
const prefixEnd = '\u{10FFFF}';

/** Keys per `IN (…)` query of `loadMany`, well under SQLite's bound on bound parameters. */
const keysPerQuery = 500;

/**
 * Makes a {@link SnapshotStoreShape} over an open connection. `save` is one upsert that bumps the
 * key's version (1 for a new key); `list` orders by key and uses the primary key for the prefix.
 */
export function makeSqliteSnapshotStore(
  connection: Connection,
  context: ErrorContext,
): SnapshotStoreShape {
  const { db } = connection;
  const p = (name: string) => sql.placeholder(name);

  const upsert = db
    .insert(snapshots)
    .values({ key: p('key'), snapshot: p('snapshot'), version: 1, updatedAt: p('at') })
    .onConflictDoUpdate({
      target: snapshots.key,
      set: {
        snapshot: sql`excluded.snapshot`,
        version: sql`${snapshots.version} + 1`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning()
    .prepare();
  const select = db
    .select()
    .from(snapshots)
    .where(eq(snapshots.key, p('key')))
    .prepare();
  const remove = db
    .delete(snapshots)
    .where(eq(snapshots.key, p('key')))
    .prepare();
  const listAll = db.select().from(snapshots).orderBy(asc(snapshots.key)).prepare();
  const listPrefix = db
    .select()
    .from(snapshots)
    .where(and(gte(snapshots.key, p('from')), lt(snapshots.key, p('to'))))
    .orderBy(asc(snapshots.key))
    .prepare();

  return {
    save: (key, snapshot, at) =>
      attempt(context, 'saveSnapshot', () => {
        const row = upsert.get({ key, snapshot: snapshot ?? null, at });
        if (row === undefined) throw new Error('upsert returned no row');
        return toSnapshot(row);
      }),
    load: (key) =>
      attempt(context, 'loadSnapshot', () => {
        const row = select.get({ key });
        return row === undefined ? undefined : toSnapshot(row);
      }),
    loadMany: (keys) =>
      attempt(context, 'loadSnapshots', () => {
        const found = new Map<string, StoredSnapshot>();
        const distinct = [...new Set(keys)];
        for (let i = 0; i < distinct.length; i += keysPerQuery) {
          const chunk = distinct.slice(i, i + keysPerQuery);
          for (const row of db.select().from(snapshots).where(inArray(snapshots.key, chunk)).all()) {
            found.set(row.key, toSnapshot(row));
          }
        }
        // A key asked twice gets its own copy each time, as two loads would.
        const handedOut = new Set<string>();
        return keys.map((key) => {
          const stored = found.get(key);
          if (stored === undefined) return undefined;
          if (handedOut.has(key)) return structuredClone(stored);
          handedOut.add(key);
          return stored;
        });
      }),
    delete: (key) =>
      attempt(context, 'deleteSnapshot', () => {
        remove.run({ key });
      }),
    list: (prefix = '') =>
      attempt(context, 'listSnapshots', () =>
        (prefix === ''
          ? listAll.all()
          : listPrefix.all({ from: prefix, to: prefix + prefixEnd })
        ).map(toSnapshot),
      ),
  };
}
