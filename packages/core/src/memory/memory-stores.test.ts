import { Effect } from 'effect';
import { describe, expect, it } from 'vitest';
import { JobStore } from '../ports/job-store.js';
import { SnapshotStore } from '../ports/snapshot-store.js';
import { TurnStore } from '../ports/turn-store.js';
import { describeStoreConformance } from '../testing/store-conformance.js';
import { makeMemoryStores, memoryStoresLayer } from './memory-stores.js';

const T0 = Date.UTC(2026, 0, 1);

describeStoreConformance('memory stores', () => makeMemoryStores());

describe('memory stores', () => {
  it('provides all three services through one layer', async () => {
    const stores = makeMemoryStores();
    const program = Effect.gen(function* () {
      const turns = yield* TurnStore;
      const jobs = yield* JobStore;
      const snapshots = yield* SnapshotStore;
      yield* turns.createConversation({ id: 'conv_a', createdAt: T0 });
      yield* snapshots.save('conv_a', { value: 'idle' }, T0);
      return yield* jobs.listJobs();
    });
    expect(await Effect.runPromise(Effect.provide(program, memoryStoresLayer(stores)))).toEqual([]);
    const conversation = await Effect.runPromise(stores.turns.getConversation('conv_a'));
    expect(conversation.id).toBe('conv_a');
  });

  it('gives each layer made without stores its own empty stores', async () => {
    const create = Effect.gen(function* () {
      const turns = yield* TurnStore;
      yield* turns.createConversation({ id: 'conv_a', createdAt: T0 });
      return (yield* turns.listConversations()).items.length;
    });
    expect(await Effect.runPromise(Effect.provide(create, memoryStoresLayer()))).toBe(1);
    expect(await Effect.runPromise(Effect.provide(create, memoryStoresLayer()))).toBe(1);
  });

  it('returns frozen records, so a mutation attempt throws instead of changing the store', async () => {
    const { turns } = makeMemoryStores();
    const conversation = await Effect.runPromise(
      turns.createConversation({ id: 'conv_a', createdAt: T0, metadata: { k: 'v' } }),
    );
    expect(Object.isFrozen(conversation)).toBe(true);
    expect(Object.isFrozen(conversation.metadata)).toBe(true);
    expect(() => {
      (conversation as { title: string | null }).title = 'x';
    }).toThrow(TypeError);
  });

  it('rejects a cursor it did not issue with StorageError', async () => {
    const { turns } = makeMemoryStores();
    const result = await Effect.runPromise(
      Effect.flip(turns.listConversations({ cursor: 'not-a-cursor' })),
    );
    expect(result._tag).toBe('StorageError');
  });

  it('rejects a duplicate turn id with StorageError', async () => {
    const { turns } = makeMemoryStores();
    const turn = {
      id: 'turn_1',
      conversationId: 'conv_a',
      parentId: null,
      request: { input: [], params: {} },
      contextStrategy: 'local',
      executionStrategy: 'blocking',
      createdAt: T0,
    } as const;
    await Effect.runPromise(turns.beginTurn(turn));
    const error = await Effect.runPromise(Effect.flip(turns.beginTurn(turn)));
    expect(error._tag).toBe('StorageError');
  });

  it('reads a 10,000-turn chain', async () => {
    const { turns } = makeMemoryStores();
    let parentId: string | null = null;
    for (let i = 0; i < 10_000; i++) {
      const id = `turn_${i}`;
      await Effect.runPromise(
        turns.beginTurn({
          id,
          conversationId: 'conv_a',
          parentId,
          request: { input: [], params: {} },
          contextStrategy: 'local',
          executionStrategy: 'blocking',
          createdAt: T0 + i,
        }),
      );
      parentId = id;
    }
    const chain = await Effect.runPromise(turns.readChain('turn_9999'));
    expect(chain).toHaveLength(10_000);
    expect(chain[0]?.id).toBe('turn_0');
    expect(chain[9999]?.depth).toBe(9999);
  });
});
