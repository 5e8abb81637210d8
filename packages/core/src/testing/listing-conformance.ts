/**
 * Conformance: listing conversations (order, paging, metadata and time filters).
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationQuery, Metadata } from '../domain/conversation.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import { type FixtureAccess, newConversation, newTurn, run, T0 } from './conformance-support.js';

/** Reads every page of `query` and returns the ids in the order the pages gave them. */
async function listAll(
  turns: TurnStoreShape,
  query: ConversationQuery,
): Promise<{ readonly ids: string[]; readonly pageSizes: number[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly Conversation[]; nextCursor: string | null } = await run(
      turns.listConversations(cursor === null ? query : { ...query, cursor }),
    );
    ids.push(...page.items.map((c) => c.id));
    pageSizes.push(page.items.length);
    cursor = page.nextCursor;
    if (pageSizes.length > 100) throw new Error('paging did not end');
  } while (cursor !== null);
  return { ids, pageSizes };
}

const idsOf = (items: readonly Conversation[]): string[] => items.map((c) => c.id);

/** Creates `conv_00`…: conversation `i` at `T0 + i` with the given metadata. */
async function seed(turns: TurnStoreShape, metadata: readonly Metadata[]): Promise<void> {
  for (const [i, m] of metadata.entries()) {
    const id = `conv_${String(i).padStart(2, '0')}`;
    await run(turns.createConversation(newConversation(id, T0 + i, { metadata: m })));
  }
}

/** Registers the listing tests. */
export function describeListingConformance(fixture: FixtureAccess): void {
  describe('listConversations', () => {
    it('returns an empty page with no cursor on an empty store', async () => {
      const { turns } = fixture();
      expect(await run(turns.listConversations())).toEqual({ items: [], nextCursor: null });
      expect(await run(turns.listConversations({ limit: 5 }))).toEqual({
        items: [],
        nextCursor: null,
      });
    });

    it('lists newest updatedAt first, and a moved conversation comes to the front', async () => {
      const { turns } = fixture();
      await seed(turns, [{}, {}, {}]);
      expect(idsOf((await run(turns.listConversations())).items)).toEqual([
        'conv_02',
        'conv_01',
        'conv_00',
      ]);
      await run(turns.updateConversation('conv_00', { title: 'touched', updatedAt: T0 + 50 }));
      expect(idsOf((await run(turns.listConversations())).items)).toEqual([
        'conv_00',
        'conv_02',
        'conv_01',
      ]);
      await run(turns.beginTurn(newTurn('turn_conv_01', 'conv_01', null, T0 + 60)));
      await run(turns.setHead('conv_01', 0, 'turn_conv_01', T0 + 60));
      expect(idsOf((await run(turns.listConversations())).items)[0]).toBe('conv_01');
    });

    it('pages through 25 conversations with limit 10: every one exactly once, in order', async () => {
      const { turns } = fixture();
      await seed(
        turns,
        Array.from({ length: 25 }, () => ({})),
      );
      const { ids, pageSizes } = await listAll(turns, { limit: 10 });
      expect(pageSizes).toEqual([10, 10, 5]);
      const expected = Array.from(
        { length: 25 },
        (_, i) => `conv_${String(24 - i).padStart(2, '0')}`,
      );
      expect(ids).toEqual(expected);
    });

    it('pages through conversations with equal updatedAt without repeating or skipping one', async () => {
      const { turns } = fixture();
      for (let i = 0; i < 12; i++) {
        await run(
          turns.createConversation(newConversation(`conv_${String(i).padStart(2, '0')}`, T0)),
        );
      }
      const { ids } = await listAll(turns, { limit: 5 });
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    });

    it('gives no cursor when the page holds the last conversation', async () => {
      const { turns } = fixture();
      await seed(
        turns,
        Array.from({ length: 10 }, () => ({})),
      );
      const exact = await run(turns.listConversations({ limit: 10 }));
      expect(exact.items).toHaveLength(10);
      expect(exact.nextCursor).toBeNull();
      const larger = await run(turns.listConversations({ limit: 50 }));
      expect(larger.items).toHaveLength(10);
      expect(larger.nextCursor).toBeNull();
    });

    it('filters by metadata: every given key must equal, with types and null compared exactly', async () => {
      const { turns } = fixture();
      await seed(turns, [
        { tenant: 'acme', tier: 'pro', seats: 3, trial: false, owner: null },
        { tenant: 'acme', tier: 'free', seats: 3, trial: true },
        { tenant: 'globex', tier: 'pro', seats: '3' },
        {},
      ]);
      const list = async (metadata: Metadata) =>
        idsOf((await run(turns.listConversations({ metadata }))).items);
      expect(await list({ tenant: 'acme' })).toEqual(['conv_01', 'conv_00']);
      expect(await list({ tenant: 'acme', tier: 'pro' })).toEqual(['conv_00']);
      expect(await list({ seats: 3 })).toEqual(['conv_01', 'conv_00']);
      expect(await list({ seats: '3' })).toEqual(['conv_02']);
      expect(await list({ trial: false })).toEqual(['conv_00']);
      expect(await list({ trial: true })).toEqual(['conv_01']);
      expect(await list({ owner: null })).toEqual(['conv_00']);
      expect(await list({ tenant: 'initech' })).toEqual([]);
      expect(await list({})).toEqual(['conv_03', 'conv_02', 'conv_01', 'conv_00']);
    });

    it('filters by updatedAfter and updatedBefore, both exclusive', async () => {
      const { turns } = fixture();
      await seed(
        turns,
        Array.from({ length: 6 }, () => ({})),
      );
      const list = async (query: ConversationQuery) =>
        idsOf((await run(turns.listConversations(query))).items);
      expect(await list({ updatedAfter: T0 + 3 })).toEqual(['conv_05', 'conv_04']);
      expect(await list({ updatedBefore: T0 + 2 })).toEqual(['conv_01', 'conv_00']);
      expect(await list({ updatedAfter: T0 + 1, updatedBefore: T0 + 4 })).toEqual([
        'conv_03',
        'conv_02',
      ]);
      expect(await list({ updatedAfter: T0 + 5 })).toEqual([]);
    });

    it('combines filters with paging', async () => {
      const { turns } = fixture();
      await seed(
        turns,
        Array.from({ length: 20 }, (_, i) => ({ parity: i % 2 === 0 ? 'even' : 'odd' })),
      );
      const { ids, pageSizes } = await listAll(turns, {
        limit: 3,
        metadata: { parity: 'even' },
        updatedAfter: T0 + 3,
        updatedBefore: T0 + 17,
      });
      expect(ids).toEqual([
        'conv_16',
        'conv_14',
        'conv_12',
        'conv_10',
        'conv_08',
        'conv_06',
        'conv_04',
      ]);
      expect(pageSizes).toEqual([3, 3, 1]);
    });
  });
}
