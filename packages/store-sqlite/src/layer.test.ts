import { JobStore, SnapshotStore, TurnStore } from '@weft/core';
import { Effect } from 'effect';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { layer } from './layer.js';
import { openSqliteStore } from './open-sqlite-store.js';

it('provides the three core services from one file and closes it with the scope', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-layer-'));
  const path = join(dir, 'weft.db');
  try {
    const program = Effect.gen(function* () {
      const turns = yield* TurnStore;
      const jobs = yield* JobStore;
      const snapshots = yield* SnapshotStore;
      yield* turns.createConversation({ id: 'conv_1', createdAt: 0 });
      yield* snapshots.save('conv_1', { value: 'idle' }, 1);
      return yield* jobs.listJobs();
    });
    expect(await Effect.runPromise(Effect.provide(program, layer({ path })))).toEqual([]);
    const store = openSqliteStore({ path });
    expect((await Effect.runPromise(store.snapshots.load('conv_1')))?.version).toBe(1);
    store.close();
    const failure = await Effect.runPromise(
      Effect.flip(
        Effect.provide(
          Effect.gen(function* () {
            return yield* TurnStore;
          }),
          layer({ path: join(dir, 'missing', 'x.db') }),
        ),
      ),
    );
    expect(failure._tag).toBe('StorageError');
    expect(failure.message).toMatch(
      /cannot be opened \(its directory does not exist\); create the directory first/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
