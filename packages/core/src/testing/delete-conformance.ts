/**
 * Conformance: deleting a conversation keeps what other branches reach and removes the rest.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { TurnStoreShape } from '../ports/turn-store.js';
import {
  beginChain,
  conversationWithChain,
  deltaEvent,
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  run,
  settle,
  T0,
} from './conformance-support.js';

/** The ids among `ids` that the store still has. */
async function surviving(turns: TurnStoreShape, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of ids) {
    const outcome = await settle(turns.getTurn(id));
    if (outcome.ok) found.push(id);
    else expect(outcome.error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id });
  }
  return found;
}

/**
 * Builds `conv_a`: a1 → a2 → a3 (head), and `conv_b` forked at a2 with b1 → b2 (head).
 */
async function twoBranches(turns: TurnStoreShape): Promise<void> {
  await conversationWithChain(turns, 'conv_a', ['turn_a1', 'turn_a2', 'turn_a3']);
  const b = await run(
    turns.fork({ turnId: 'turn_a2', conversation: newConversation('conv_b', T0 + 10) }),
  );
  await beginChain(turns, 'conv_b', ['turn_b1', 'turn_b2'], 'turn_a2', T0 + 11);
  await run(turns.setHead('conv_b', b.version, 'turn_b2', T0 + 20));
}

const all = ['turn_a1', 'turn_a2', 'turn_a3', 'turn_b1', 'turn_b2'];

/** Registers the deletion tests. */
export function describeDeleteConformance(fixture: FixtureAccess): void {
  describe('deleteConversation', () => {
    it('removes the conversation, its turns and their events', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2']);
      await run(turns.appendEvents('turn_2', [{ event: deltaEvent('turn_2', 'x'), at: T0 }]));
      await run(turns.deleteConversation('conv_a'));
      expect(await failureOf(turns.getConversation('conv_a'))).toMatchObject({
        _tag: 'NotFound',
        kind: 'conversation',
      });
      expect(await surviving(turns, ['turn_1', 'turn_2'])).toEqual([]);
      expect(await run(turns.readEvents('turn_2', 0))).toEqual([]);
      expect((await run(turns.listConversations())).items).toEqual([]);
    });

    it("keeps the turns another branch's head reaches and removes the rest", async () => {
      const { turns } = fixture();
      await twoBranches(turns);
      await run(turns.deleteConversation('conv_a'));
      expect(await surviving(turns, all)).toEqual(['turn_a1', 'turn_a2', 'turn_b1', 'turn_b2']);
      expect((await run(turns.readChain('turn_b2'))).map((t) => t.id)).toEqual([
        'turn_a1',
        'turn_a2',
        'turn_b1',
        'turn_b2',
      ]);
      expect((await run(turns.childrenOf('turn_a2'))).map((t) => t.id)).toEqual(['turn_b1']);
      expect(await run(turns.getConversation('conv_b'))).toMatchObject({ headTurnId: 'turn_b2' });
    });

    it('deleting a fork keeps the original intact and removes only the branch', async () => {
      const { turns } = fixture();
      await twoBranches(turns);
      await run(turns.deleteConversation('conv_b'));
      expect(await surviving(turns, all)).toEqual(['turn_a1', 'turn_a2', 'turn_a3']);
      expect((await run(turns.childrenOf('turn_a2'))).map((t) => t.id)).toEqual(['turn_a3']);
    });

    it('removes everything once the last branch is deleted', async () => {
      const { turns } = fixture();
      await twoBranches(turns);
      await run(turns.deleteConversation('conv_a'));
      await run(turns.deleteConversation('conv_b'));
      expect(await surviving(turns, all)).toEqual([]);
    });

    it('keeps a fork whose head is a shared ancestor when the original goes', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2', 'turn_3']);
      await run(turns.fork({ turnId: 'turn_1', conversation: newConversation('conv_b', T0 + 10) }));
      await run(turns.deleteConversation('conv_a'));
      expect(await surviving(turns, ['turn_1', 'turn_2', 'turn_3'])).toEqual(['turn_1']);
      expect((await run(turns.readChain('turn_1'))).map((t) => t.id)).toEqual(['turn_1']);
    });

    it("also removes the conversation's turns no head reaches (a lost race's turn)", async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2']);
      await run(turns.beginTurn(newTurn('turn_lost', 'conv_a', 'turn_1', T0 + 5)));
      await run(turns.deleteConversation('conv_a'));
      expect(await surviving(turns, ['turn_1', 'turn_2', 'turn_lost'])).toEqual([]);
    });

    it('leaves other conversations and their turns alone', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_a1']);
      await conversationWithChain(turns, 'conv_c', ['turn_c1', 'turn_c2'], T0 + 5);
      await run(turns.deleteConversation('conv_a'));
      expect(await surviving(turns, ['turn_a1', 'turn_c1', 'turn_c2'])).toEqual([
        'turn_c1',
        'turn_c2',
      ]);
      expect((await run(turns.listConversations())).items.map((c) => c.id)).toEqual(['conv_c']);
    });

    it('fails with NotFound for an unknown or already deleted conversation', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.deleteConversation('conv_a'));
      expect(await failureOf(turns.deleteConversation('conv_a'))).toMatchObject({
        _tag: 'NotFound',
        kind: 'conversation',
        id: 'conv_a',
      });
    });
  });
}
