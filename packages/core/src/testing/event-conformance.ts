/**
 * Conformance: a turn's event log — contiguous indexes, reading from an index.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import {
  contenderOf,
  deltaEvent,
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  run,
  T0,
} from './conformance-support.js';
import type { TurnEvent } from '../domain/events.js';

/** Registers the event log tests. */
export function describeEventConformance(fixture: FixtureAccess): void {
  describe('appendEvents and readEvents', () => {
    const setup = async () => {
      const f = fixture();
      await run(f.turns.createConversation(newConversation('conv_a', T0)));
      await run(f.turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(f.turns.beginTurn(newTurn('turn_2', 'conv_a', 'turn_1', T0 + 1)));
      return f;
    };

    it('numbers appended events from 0 and reads them back in order', async () => {
      const { turns } = await setup();
      const created: TurnEvent = {
        type: 'created',
        turnId: 'turn_1',
        responseId: 'resp_1',
        status: 'in_progress',
      };
      await run(
        turns.appendEvents('turn_1', [
          { event: created, at: T0 + 1 },
          { event: deltaEvent('turn_1', 'Hel'), at: T0 + 2 },
          { event: deltaEvent('turn_1', 'lo'), at: T0 + 3 },
        ]),
      );
      expect(await run(turns.readEvents('turn_1', 0))).toEqual([
        { turnId: 'turn_1', index: 0, event: created, at: T0 + 1 },
        { turnId: 'turn_1', index: 1, event: deltaEvent('turn_1', 'Hel'), at: T0 + 2 },
        { turnId: 'turn_1', index: 2, event: deltaEvent('turn_1', 'lo'), at: T0 + 3 },
      ]);
    });

    it('continues the indexes across batches and reads from any index', async () => {
      const { turns } = await setup();
      for (let batch = 0; batch < 3; batch++) {
        await run(
          turns.appendEvents('turn_1', [
            { event: deltaEvent('turn_1', `${batch}a`), at: T0 + batch },
            { event: deltaEvent('turn_1', `${batch}b`), at: T0 + batch },
          ]),
        );
      }
      const all = await run(turns.readEvents('turn_1', 0));
      expect(all.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
      const tail = await run(turns.readEvents('turn_1', 4));
      expect(tail.map((e) => [e.index, e.event])).toEqual([
        [4, deltaEvent('turn_1', '2a')],
        [5, deltaEvent('turn_1', '2b')],
      ]);
      expect(await run(turns.readEvents('turn_1', 6))).toEqual([]);
      expect(await run(turns.readEvents('turn_1', 100))).toEqual([]);
    });

    it('keeps one log per turn', async () => {
      const { turns } = await setup();
      await run(turns.appendEvents('turn_1', [{ event: deltaEvent('turn_1', 'a'), at: T0 }]));
      await run(turns.appendEvents('turn_2', [{ event: deltaEvent('turn_2', 'b'), at: T0 }]));
      await run(turns.appendEvents('turn_1', [{ event: deltaEvent('turn_1', 'c'), at: T0 }]));
      expect((await run(turns.readEvents('turn_1', 0))).map((e) => e.index)).toEqual([0, 1]);
      expect(await run(turns.readEvents('turn_2', 0))).toEqual([
        { turnId: 'turn_2', index: 0, event: deltaEvent('turn_2', 'b'), at: T0 },
      ]);
    });

    it('treats an empty batch as nothing, and reads nothing for a turn without events', async () => {
      const { turns } = await setup();
      await run(turns.appendEvents('turn_1', []));
      expect(await run(turns.readEvents('turn_1', 0))).toEqual([]);
      expect(await run(turns.readEvents('turn_missing', 0))).toEqual([]);
    });

    it('fails with NotFound when appending to an unknown turn', async () => {
      const { turns } = await setup();
      const error = await failureOf(
        turns.appendEvents('turn_missing', [{ event: deltaEvent('turn_missing', 'x'), at: T0 }]),
      );
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
    });

    it('keeps indexes contiguous when two writers append at once', async () => {
      const f = await setup();
      const other = await contenderOf(f);
      const batch = (who: string) =>
        Array.from({ length: 5 }, (_, i) => ({
          event: deltaEvent('turn_1', `${who}${i}`),
          at: T0 + i,
        }));
      await Promise.all([
        run(f.turns.appendEvents('turn_1', batch('x'))),
        run(other.turns.appendEvents('turn_1', batch('y'))),
        run(f.turns.appendEvents('turn_1', batch('z'))),
      ]);
      const events = await run(f.turns.readEvents('turn_1', 0));
      expect(events.map((e) => e.index)).toEqual(Array.from({ length: 15 }, (_, i) => i));
      const deltas = events.map((e) => (e.event.type === 'delta' ? e.event.delta : ''));
      for (const who of ['x', 'y', 'z']) {
        // Each batch is appended as a unit, in its own order.
        const start = deltas.indexOf(`${who}0`);
        expect(deltas.slice(start, start + 5)).toEqual([0, 1, 2, 3, 4].map((i) => `${who}${i}`));
      }
    });
  });
}
