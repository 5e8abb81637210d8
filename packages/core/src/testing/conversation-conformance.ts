/**
 * Conformance: creating, reading, updating conversations and moving their heads.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Conflict, NotFound } from '../errors.js';
import {
  beginChain,
  contenderOf,
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  run,
  settle,
  T0,
} from './conformance-support.js';

/** Registers the conversation and compare-and-swap tests. */
export function describeConversationConformance(fixture: FixtureAccess): void {
  describe('conversations', () => {
    it('creates a conversation with defaults: no head, version 0, empty metadata', async () => {
      const { turns } = fixture();
      const created = await run(turns.createConversation(newConversation('conv_a', T0)));
      expect(created).toEqual({
        id: 'conv_a',
        title: null,
        headTurnId: null,
        metadata: {},
        version: 0,
        serverConversationId: null,
        forkedFrom: null,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await run(turns.getConversation('conv_a'))).toEqual(created);
    });

    it('keeps the given title, metadata, server conversation id and forkedFrom', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_src', T0)));
      const input = newConversation('conv_b', T0 + 5, {
        title: 'Support',
        metadata: { tenant: 'acme', priority: 2, vip: true, note: null },
        serverConversationId: 'conv_server_1',
        forkedFrom: 'conv_src',
      });
      const created = await run(turns.createConversation(input));
      expect(created).toMatchObject({
        title: 'Support',
        metadata: { tenant: 'acme', priority: 2, vip: true, note: null },
        serverConversationId: 'conv_server_1',
        forkedFrom: 'conv_src',
        createdAt: T0 + 5,
        updatedAt: T0 + 5,
      });
      expect(await run(turns.getConversation('conv_b'))).toEqual(created);
    });

    it('fails with Conflict when the id is taken, leaving the first conversation as it was', async () => {
      const { turns } = fixture();
      const first = await run(
        turns.createConversation(newConversation('conv_a', T0, { title: 'one' })),
      );
      const error = await failureOf(
        turns.createConversation(newConversation('conv_a', T0 + 1, { title: 'two' })),
      );
      expect(error._tag).toBe('Conflict');
      expect((error as Conflict).conversationId).toBe('conv_a');
      expect(await run(turns.getConversation('conv_a'))).toEqual(first);
    });

    it('fails with NotFound for an unknown conversation', async () => {
      const { turns } = fixture();
      const error = await failureOf(turns.getConversation('conv_missing'));
      expect(error._tag).toBe('NotFound');
      expect(error).toMatchObject({ kind: 'conversation', id: 'conv_missing' });
    });

    it('updates title, metadata (replaced whole) and server id without moving the version', async () => {
      const { turns } = fixture();
      await run(
        turns.createConversation(
          newConversation('conv_a', T0, { title: 'old', metadata: { a: 1, b: 'x' } }),
        ),
      );
      const updated = await run(
        turns.updateConversation('conv_a', {
          title: 'new',
          metadata: { c: true },
          serverConversationId: 'conv_server_9',
          updatedAt: T0 + 10,
        }),
      );
      expect(updated).toMatchObject({
        title: 'new',
        metadata: { c: true },
        serverConversationId: 'conv_server_9',
        version: 0,
        createdAt: T0,
        updatedAt: T0 + 10,
      });
      expect(await run(turns.getConversation('conv_a'))).toEqual(updated);
    });

    it('leaves fields out of the patch unchanged, and clears the title with null', async () => {
      const { turns } = fixture();
      await run(
        turns.createConversation(
          newConversation('conv_a', T0, {
            title: 't',
            metadata: { k: 'v' },
            serverConversationId: 's',
          }),
        ),
      );
      const updated = await run(
        turns.updateConversation('conv_a', { title: null, updatedAt: T0 + 1 }),
      );
      expect(updated).toMatchObject({
        title: null,
        metadata: { k: 'v' },
        serverConversationId: 's',
        updatedAt: T0 + 1,
      });
    });

    it('fails to update an unknown conversation with NotFound', async () => {
      const { turns } = fixture();
      const error = await failureOf(turns.updateConversation('conv_missing', { updatedAt: T0 }));
      expect(error._tag).toBe('NotFound');
      expect((error as NotFound).kind).toBe('conversation');
    });
  });

  describe('setHead (compare-and-swap)', () => {
    it('moves the head, bumps the version by one and sets updatedAt', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await beginChain(turns, 'conv_a', ['turn_1', 'turn_2']);
      const first = await run(turns.setHead('conv_a', 0, 'turn_1', T0 + 10));
      expect(first).toMatchObject({ headTurnId: 'turn_1', version: 1, updatedAt: T0 + 10 });
      const second = await run(turns.setHead('conv_a', 1, 'turn_2', T0 + 20));
      expect(second).toMatchObject({ headTurnId: 'turn_2', version: 2, updatedAt: T0 + 20 });
      expect(await run(turns.getConversation('conv_a'))).toEqual(second);
    });

    it('can move the head back to null', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await beginChain(turns, 'conv_a', ['turn_1']);
      await run(turns.setHead('conv_a', 0, 'turn_1', T0 + 1));
      const cleared = await run(turns.setHead('conv_a', 1, null, T0 + 2));
      expect(cleared).toMatchObject({ headTurnId: null, version: 2 });
    });

    it('fails with Conflict on a stale version and changes nothing', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await beginChain(turns, 'conv_a', ['turn_1', 'turn_2']);
      const current = await run(turns.setHead('conv_a', 0, 'turn_1', T0 + 1));
      const error = await failureOf(turns.setHead('conv_a', 0, 'turn_2', T0 + 2));
      expect(error._tag).toBe('Conflict');
      expect(error).toMatchObject({
        conversationId: 'conv_a',
        expectedVersion: 0,
        actualVersion: 1,
      });
      expect(await run(turns.getConversation('conv_a'))).toEqual(current);
    });

    it('fails with NotFound for an unknown conversation or head turn, changing nothing', async () => {
      const { turns } = fixture();
      const created = await run(turns.createConversation(newConversation('conv_a', T0)));
      const noConversation = await failureOf(turns.setHead('conv_missing', 0, null, T0));
      expect(noConversation).toMatchObject({
        _tag: 'NotFound',
        kind: 'conversation',
        id: 'conv_missing',
      });
      const noTurn = await failureOf(turns.setHead('conv_a', 0, 'turn_missing', T0 + 1));
      expect(noTurn).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
      expect(await run(turns.getConversation('conv_a'))).toEqual(created);
    });

    it('lets exactly one of two racing writers win; the loser gets Conflict and loses no turn', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await run(f.turns.createConversation(newConversation('conv_a', T0)));
      await beginChain(f.turns, 'conv_a', ['turn_root']);
      await run(f.turns.setHead('conv_a', 0, 'turn_root', T0 + 1));
      await run(f.turns.beginTurn(newTurn('turn_x', 'conv_a', 'turn_root', T0 + 2)));
      await run(other.turns.beginTurn(newTurn('turn_y', 'conv_a', 'turn_root', T0 + 3)));

      const [x, y] = await Promise.all([
        settle(f.turns.setHead('conv_a', 1, 'turn_x', T0 + 4)),
        settle(other.turns.setHead('conv_a', 1, 'turn_y', T0 + 4)),
      ]);
      const outcomes = [x, y];
      const winners = outcomes.filter((o) => o.ok);
      const losers = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
      expect(winners).toHaveLength(1);
      expect(losers.map((e) => e._tag)).toEqual(['Conflict']);

      const winningHead = x.ok ? 'turn_x' : 'turn_y';
      const losingHead = x.ok ? 'turn_y' : 'turn_x';
      const after = await run(f.turns.getConversation('conv_a'));
      expect(after).toMatchObject({ headTurnId: winningHead, version: 2 });
      expect((await run(f.turns.getTurn(losingHead))).parentId).toBe('turn_root');

      const retried = await run(f.turns.setHead('conv_a', after.version, losingHead, T0 + 5));
      expect(retried).toMatchObject({ headTurnId: losingHead, version: 3 });
    });

    it('lets exactly one of many concurrent writers with the same expected version win', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await run(f.turns.createConversation(newConversation('conv_a', T0)));
      const ids = Array.from({ length: 8 }, (_, i) => `turn_${i}`);
      for (const [i, id] of ids.entries()) {
        await run(f.turns.beginTurn(newTurn(id, 'conv_a', null, T0 + i)));
      }
      const outcomes = await Promise.all(
        ids.map((id, i) =>
          settle((i % 2 === 0 ? f : other).turns.setHead('conv_a', 0, id, T0 + 100)),
        ),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      for (const o of outcomes) if (!o.ok) expect(o.error._tag).toBe('Conflict');
      expect((await run(f.turns.getConversation('conv_a'))).version).toBe(1);
    });
  });
}
