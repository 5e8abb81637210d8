/**
 * The PostgreSQL store as an Effect layer.
 *
 * @module
 */
import { JobStore, SnapshotStore, type StorageError, TurnStore } from '@weft/core';
import { Context, Effect, Layer } from 'effect';
import { makePostgresStore, type PostgresStoreOptions } from './open-postgres-store.js';

/**
 * A layer providing `TurnStore`, `JobStore` and `SnapshotStore` from one PostgreSQL database,
 * opened (and migrated) when the layer is built and closed when its scope ends.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const turns = yield* TurnStore;
 *   return yield* turns.listConversations();
 * });
 * await Effect.runPromise(Effect.provide(program, layer({ url: process.env.DATABASE_URL! })));
 * ```
 * @since 0.1.0
 */
export function layer(
  options: PostgresStoreOptions,
): Layer.Layer<TurnStore | JobStore | SnapshotStore, StorageError> {
  return Layer.effectContext(
    Effect.acquireRelease(makePostgresStore(options), (store) => Effect.promise(() => store.close())).pipe(
      Effect.map((store) =>
        Context.make(TurnStore, store.turns).pipe(
          Context.add(JobStore, store.jobs),
          Context.add(SnapshotStore, store.snapshots),
        ),
      ),
    ),
  );
}
