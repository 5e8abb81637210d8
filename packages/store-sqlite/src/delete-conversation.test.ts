import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';
import { failureOf, run, userTurn } from './test-support.js';

let store: TempSqliteStore;
beforeEach(() => {
  store = makeTempSqliteStore({ synchronous: 'NORMAL' });
});
afterEach(() => store.dispose());

const exists = async (id: string) =>
  await run(store.turns.getTurn(id)).then(
    () => true,
    () => false,
  );

async function chain(conversationId: string, ids: string[], parent: string | null): Promise<void> {
  let previous = parent;
  for (const id of ids) {
    await run(store.turns.beginTurn(userTurn(id, conversationId, previous)));
    previous = id;
  }
}

describe('deleteConversation', () => {
  it('collects what no head reaches, keeps shared ancestors and their events', async () => {
    const { turns } = store;
    await run(turns.createConversation({ id: 'conv_a', createdAt: 0 }));
    await chain('conv_a', ['a1', 'a2', 'a3'], null);
    await run(turns.setHead('conv_a', 0, 'a3', 1));
    await run(turns.fork({ turnId: 'a2', conversation: { id: 'conv_b', createdAt: 2 } }));
    await chain('conv_b', ['b1'], 'a2');
    await run(turns.setHead('conv_b', 0, 'b1', 3));
    await run(
      turns.appendEvents('a1', [
        { event: { type: 'cancelled', turnId: 'a1', responseId: null }, at: 1 },
      ]),
    );
    await run(
      turns.appendEvents('a3', [
        { event: { type: 'cancelled', turnId: 'a3', responseId: null }, at: 1 },
      ]),
    );
    await chain('conv_a', ['lost'], 'a1'); // a conflict loser: begun, never a head
    await run(turns.deleteConversation('conv_a'));
    expect(await failureOf(turns.getConversation('conv_a'))).toMatchObject({ _tag: 'NotFound' });
    expect(await Promise.all(['a1', 'a2', 'a3', 'lost', 'b1'].map(exists))).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(await run(turns.readEvents('a1', 0))).toHaveLength(1);
    expect(await run(turns.readEvents('a3', 0))).toEqual([]);
    expect((await run(turns.readChain('b1'))).map((t) => t.id)).toEqual(['a1', 'a2', 'b1']);
    await run(turns.deleteConversation('conv_b'));
    expect(await Promise.all(['a1', 'a2', 'b1'].map(exists))).toEqual([false, false, false]);
  });

  it('keeps the ancestors of turns begun by other conversations', async () => {
    const { turns } = store;
    await run(turns.createConversation({ id: 'conv_a', createdAt: 0 }));
    await run(turns.createConversation({ id: 'conv_c', createdAt: 0 }));
    await chain('conv_a', ['a1', 'a2'], null);
    await run(turns.setHead('conv_a', 0, 'a2', 1));
    await chain('conv_c', ['c1'], 'a1'); // not on any head, but not conv_a's to collect
    await run(turns.deleteConversation('conv_a'));
    expect(await Promise.all(['a1', 'a2', 'c1'].map(exists))).toEqual([true, false, true]);
  });

  it('collects a 5,000-turn conversation in one statement', async () => {
    const { turns } = store;
    await run(turns.createConversation({ id: 'conv_long', createdAt: 0 }));
    let parent: string | null = null;
    const ids = Array.from({ length: 5000 }, (_, i) => `t${i}`);
    for (const id of ids) {
      await run(turns.beginTurn(userTurn(id, 'conv_long', parent)));
      parent = id;
    }
    await run(turns.setHead('conv_long', 0, parent, 1));
    await run(turns.deleteConversation('conv_long'));
    expect(await exists('t0')).toBe(false);
    expect(await exists('t4999')).toBe(false);
  }, 60_000);
});
