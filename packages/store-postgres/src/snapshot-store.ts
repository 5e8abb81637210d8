/**
 * The PostgreSQL snapshot store: machine snapshots by key, versioned on every save.
 *
 * @module
 */
import type { SnapshotStoreShape } from '@weft/core';
import { eq, sql } from 'drizzle-orm';
import { attempt, type RunContext } from './internal/attempt.js';
import type { Connection } from './internal/connection.js';
import { toSnapshot } from './internal/rows.js';
import { snapshots } from './schema.js';

/**
 * Makes a {@link SnapshotStoreShape} over an open pool. `save` is one upsert that bumps the key's
 * version (1 for a new key); `list` orders keys by code point whatever the database collation.
 */
export function makePostgresSnapshotStore(connection: Connection, context: RunContext): SnapshotStoreShape {
  const { db } = connection;
  const byKey = sql`${snapshots.key} COLLATE "C"`;

  return {
    save: (key, snapshot, at) =>
      attempt(context, 'saveSnapshot', 'once', async () => {
        const [row] = await db
          .insert(snapshots)
          .values({ key, snapshot: snapshot ?? null, version: 1, updatedAt: at })
          .onConflictDoUpdate({
            target: snapshots.key,
            set: {
              snapshot: sql`excluded.snapshot`,
              version: sql`${snapshots.version} + 1`,
              updatedAt: sql`excluded.updated_at`,
            },
          })
          .returning();
        if (row === undefined) throw new Error('upsert returned no row');
        return toSnapshot(row);
      }),
    load: (key) =>
      attempt(context, 'loadSnapshot', 'idempotent', async () => {
        const [row] = await db.select().from(snapshots).where(eq(snapshots.key, key));
        return row === undefined ? undefined : toSnapshot(row);
      }),
    delete: (key) =>
      attempt(context, 'deleteSnapshot', 'idempotent', async () => {
        await db.delete(snapshots).where(eq(snapshots.key, key));
      }),
    list: (prefix = '') =>
      attempt(context, 'listSnapshots', 'idempotent', async () =>
        (
          await db
            .select()
            .from(snapshots)
            .where(prefix === '' ? undefined : sql`starts_with(${snapshots.key}, ${prefix})`)
            .orderBy(byKey)
        ).map(toSnapshot),
      ),
  };
}
