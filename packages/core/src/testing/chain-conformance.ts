/**
 * Conformance: the turn tree — chains root to head, children, and forks that copy nothing.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import {
  beginChain,
  conversationWithChain,
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  run,
  T0,
} from './conformance-support.js';

/** Registers the chain, children and fork tests. */
export function describeChainConformance(fixture: FixtureAccess): void {
  describe('readChain and childrenOf', () => {
    it('reads the chain root first, with depths 0..n-1', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2', 'turn_3', 'turn_4']);
      const chain = await run(turns.readChain('turn_4'));
      expect(chain.map((t) => t.id)).toEqual(['turn_1', 'turn_2', 'turn_3', 'turn_4']);
      expect(chain.map((t) => t.depth)).toEqual([0, 1, 2, 3]);
      expect(chain.map((t) => t.parentId)).toEqual([null, 'turn_1', 'turn_2', 'turn_3']);
      expect(chain[2]).toEqual(await run(turns.getTurn('turn_3')));
    });

    it('reads the chain of an inner turn as a prefix, and of a root as itself', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2', 'turn_3']);
      expect((await run(turns.readChain('turn_2'))).map((t) => t.id)).toEqual(['turn_1', 'turn_2']);
      expect((await run(turns.readChain('turn_1'))).map((t) => t.id)).toEqual(['turn_1']);
    });

    it('fails with NotFound for an unknown head', async () => {
      const { turns } = fixture();
      const error = await failureOf(turns.readChain('turn_missing'));
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
    });

    it('lists direct children oldest first; a leaf or unknown turn has none', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_root', 'conv_a', null, T0)));
      await run(turns.beginTurn(newTurn('turn_b', 'conv_a', 'turn_root', T0 + 2)));
      await run(turns.beginTurn(newTurn('turn_a', 'conv_a', 'turn_root', T0 + 1)));
      await run(turns.beginTurn(newTurn('turn_c', 'conv_a', 'turn_root', T0 + 3)));
      await run(turns.beginTurn(newTurn('turn_grandchild', 'conv_a', 'turn_b', T0 + 4)));
      const children = await run(turns.childrenOf('turn_root'));
      expect(children.map((t) => t.id)).toEqual(['turn_a', 'turn_b', 'turn_c']);
      expect(children[1]).toEqual(await run(turns.getTurn('turn_b')));
      expect(await run(turns.childrenOf('turn_grandchild'))).toEqual([]);
      expect(await run(turns.childrenOf('turn_missing'))).toEqual([]);
    });

    it('reads a 1,000-turn chain back in order', async () => {
      const { turns } = fixture();
      const ids = Array.from({ length: 1000 }, (_, i) => `turn_${String(i).padStart(4, '0')}`);
      await conversationWithChain(turns, 'conv_long', ids);
      const chain = await run(turns.readChain('turn_0999'));
      expect(chain).toHaveLength(1000);
      expect(chain.map((t) => t.id)).toEqual(ids);
      expect(chain.every((t, i) => t.depth === i)).toBe(true);
      expect(chain.every((t, i) => t.parentId === (i === 0 ? null : ids[i - 1]))).toBe(true);
      expect(chain[500]?.request.input).toEqual(
        newTurn('turn_0500', 'conv_long', null).request.input,
      );
      expect((await run(turns.readChain('turn_0499'))).map((t) => t.id)).toEqual(ids.slice(0, 500));
    }, 60_000);
  });

  describe('fork', () => {
    it('makes a conversation whose head is the old turn itself, copying nothing', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2', 'turn_3']);
      const forked = await run(
        turns.fork({ turnId: 'turn_2', conversation: newConversation('conv_b', T0 + 10) }),
      );
      expect(forked).toMatchObject({
        id: 'conv_b',
        headTurnId: 'turn_2',
        forkedFrom: 'conv_a',
        version: 0,
        createdAt: T0 + 10,
        updatedAt: T0 + 10,
      });
      expect(await run(turns.getConversation('conv_b'))).toEqual(forked);
      const chain = await run(turns.readChain('turn_2'));
      expect(chain.map((t) => t.id)).toEqual(['turn_1', 'turn_2']);
      expect(chain.map((t) => t.conversationId)).toEqual(['conv_a', 'conv_a']);
      expect((await run(turns.childrenOf('turn_2'))).map((t) => t.id)).toEqual(['turn_3']);
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({ headTurnId: 'turn_3' });
    });

    it('keeps an explicit forkedFrom, title and metadata', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1']);
      const forked = await run(
        turns.fork({
          turnId: 'turn_1',
          conversation: newConversation('conv_b', T0 + 1, {
            title: 'Experiment',
            metadata: { variant: 'b' },
            forkedFrom: 'conv_origin',
          }),
        }),
      );
      expect(forked).toMatchObject({
        headTurnId: 'turn_1',
        title: 'Experiment',
        metadata: { variant: 'b' },
        forkedFrom: 'conv_origin',
      });
    });

    it('shares ancestors between branches that grow independently', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1', 'turn_2', 'turn_3']);
      const forked = await run(
        turns.fork({ turnId: 'turn_2', conversation: newConversation('conv_b', T0 + 10) }),
      );
      await beginChain(turns, 'conv_b', ['turn_b1', 'turn_b2'], 'turn_2', T0 + 11);
      await run(turns.setHead('conv_b', forked.version, 'turn_b2', T0 + 20));

      expect((await run(turns.readChain('turn_b2'))).map((t) => t.id)).toEqual([
        'turn_1',
        'turn_2',
        'turn_b1',
        'turn_b2',
      ]);
      expect((await run(turns.readChain('turn_3'))).map((t) => t.id)).toEqual([
        'turn_1',
        'turn_2',
        'turn_3',
      ]);
      expect((await run(turns.childrenOf('turn_2'))).map((t) => t.id)).toEqual([
        'turn_3',
        'turn_b1',
      ]);
      expect((await run(turns.getTurn('turn_b1'))).depth).toBe(2);
    });

    it('fails with NotFound for an unknown turn and Conflict for a taken id', async () => {
      const { turns } = fixture();
      await conversationWithChain(turns, 'conv_a', ['turn_1']);
      const unknown = await failureOf(
        turns.fork({ turnId: 'turn_missing', conversation: newConversation('conv_b', T0) }),
      );
      expect(unknown).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
      expect((await failureOf(turns.getConversation('conv_b')))._tag).toBe('NotFound');
      const taken = await failureOf(
        turns.fork({ turnId: 'turn_1', conversation: newConversation('conv_a', T0) }),
      );
      expect(taken).toMatchObject({ _tag: 'Conflict', conversationId: 'conv_a' });
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({ headTurnId: 'turn_1' });
    });
  });
}
