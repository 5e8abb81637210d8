/**
 * Conformance: `finishTurn` — a turn's end, its last events and the head's compare-and-swap as one
 * write, and what survives when the head cannot move.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../domain/events.js';
import type { TurnResult } from '../domain/turn.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import {
  beginChain,
  contenderOf,
  deltaEvent,
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  outputMessage,
  run,
  settle,
  T0,
  usage,
} from './conformance-support.js';

const result = (text: string, completedAt: number): TurnResult => ({
  status: 'completed',
  responseId: `resp_${text}`,
  output: [outputMessage(`msg_${text}`, text)],
  usage: usage(3, 2),
  completedAt,
});

const done = (turnId: string): TurnEvent => ({
  type: 'item.done',
  turnId,
  outputIndex: 0,
  item: outputMessage(`msg_${turnId}`, 'done'),
});

/** A conversation whose head is `turn_root` (version 1) and a pending child `turn_1`. */
async function rootAndChild(turns: TurnStoreShape): Promise<void> {
  await run(turns.createConversation(newConversation('conv_a', T0)));
  await beginChain(turns, 'conv_a', ['turn_root', 'turn_1']);
  await run(turns.setHead('conv_a', 0, 'turn_root', T0 + 5));
}

/** Registers the `finishTurn` tests. */
export function describeFinishConformance(fixture: FixtureAccess): void {
  describe('finishTurn', () => {
    it('records the start a result carries only when none was recorded before', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      const fresh = await run(
        turns.finishTurn({ turnId: 'turn_1', result: { ...result('a', T0 + 9), startedAt: T0 + 4 } }),
      );
      expect(fresh.turn.timings).toEqual({ createdAt: T0 + 1, startedAt: T0 + 4, completedAt: T0 + 9 });
      await run(turns.beginTurn(newTurn('turn_2', 'conv_a', 'turn_root', T0 + 11)));
      await run(turns.recordResponseId('turn_2', 'resp_2', T0 + 12));
      const kept = await run(
        turns.finishTurn({ turnId: 'turn_2', result: { ...result('b', T0 + 14), startedAt: T0 + 13 } }),
      );
      expect(kept.turn.timings).toEqual({ createdAt: T0 + 11, startedAt: T0 + 12, completedAt: T0 + 14 });
    });

    it('completes the turn, continues its event log and moves the head in one call', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      await run(turns.recordResponseId('turn_1', 'resp_early', T0 + 6));
      await run(turns.appendEvents('turn_1', [{ event: deltaEvent('turn_1', 'a'), at: T0 + 7 }]));
      const finished = await run(
        turns.finishTurn({
          turnId: 'turn_1',
          result: { ...result('hi', T0 + 9), responseId: null },
          events: [{ event: done('turn_1'), at: T0 + 8 }],
          head: { conversationId: 'conv_a', expectedVersion: 1, at: T0 + 10 },
        }),
      );
      expect(finished.turn).toMatchObject({
        id: 'turn_1',
        status: 'completed',
        responseId: 'resp_early',
        output: [outputMessage('msg_hi', 'hi')],
        usage: usage(3, 2),
        partial: false,
        error: null,
        timings: { createdAt: T0 + 1, startedAt: T0 + 6, completedAt: T0 + 9 },
      });
      expect(finished.conversation).toMatchObject({
        id: 'conv_a',
        headTurnId: 'turn_1',
        version: 2,
        updatedAt: T0 + 10,
      });
      expect(await run(turns.getTurn('turn_1'))).toEqual(finished.turn);
      expect(await run(turns.getConversation('conv_a'))).toEqual(finished.conversation);
      expect(await run(turns.readEvents('turn_1', 0))).toEqual([
        { turnId: 'turn_1', index: 0, event: deltaEvent('turn_1', 'a'), at: T0 + 7 },
        { turnId: 'turn_1', index: 1, event: done('turn_1'), at: T0 + 8 },
      ]);
    });

    it('leaves every head alone without `head`, and appends nothing without events', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      const finished = await run(
        turns.finishTurn({ turnId: 'turn_1', result: result('x', T0 + 9) }),
      );
      expect(finished.conversation).toBeNull();
      expect(finished.turn.status).toBe('completed');
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: 'turn_root',
        version: 1,
      });
      expect(await run(turns.readEvents('turn_1', 0))).toEqual([]);
    });

    it('fails with Conflict on a stale version, keeping the completed turn and its events', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      await run(turns.beginTurn(newTurn('turn_other', 'conv_a', 'turn_root', T0 + 6)));
      await run(turns.setHead('conv_a', 1, 'turn_other', T0 + 7));
      const error = await failureOf(
        turns.finishTurn({
          turnId: 'turn_1',
          result: result('late', T0 + 8),
          events: [{ event: done('turn_1'), at: T0 + 8 }],
          head: { conversationId: 'conv_a', expectedVersion: 1, at: T0 + 9 },
        }),
      );
      expect(error).toMatchObject({
        _tag: 'Conflict',
        conversationId: 'conv_a',
        expectedVersion: 1,
        actualVersion: 2,
      });
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: 'turn_other',
        version: 2,
        updatedAt: T0 + 7,
      });
      expect(await run(turns.getTurn('turn_1'))).toMatchObject({
        status: 'completed',
        output: [outputMessage('msg_late', 'late')],
      });
      expect((await run(turns.readEvents('turn_1', 0))).map((e) => e.event)).toEqual([
        done('turn_1'),
      ]);
    });

    it('counts a head already at this turn as moved, without a second version bump', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      // Another writer (a background worker finishing the same turn) got there first.
      await run(turns.setHead('conv_a', 1, 'turn_1', T0 + 6));
      const finished = await run(
        turns.finishTurn({
          turnId: 'turn_1',
          result: result('same', T0 + 7),
          head: { conversationId: 'conv_a', expectedVersion: 1, at: T0 + 8 },
        }),
      );
      expect(finished.conversation).toMatchObject({
        headTurnId: 'turn_1',
        version: 2,
        updatedAt: T0 + 6,
      });
      expect(await run(turns.getConversation('conv_a'))).toEqual(finished.conversation);
      expect((await run(turns.getTurn('turn_1'))).status).toBe('completed');
    });

    it('fails with NotFound for an unknown turn and writes nothing', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      const error = await failureOf(
        turns.finishTurn({
          turnId: 'turn_missing',
          result: result('x', T0 + 7),
          events: [{ event: done('turn_missing'), at: T0 + 7 }],
          head: { conversationId: 'conv_a', expectedVersion: 1, at: T0 + 8 },
        }),
      );
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: 'turn_root',
        version: 1,
      });
      expect(await run(turns.readEvents('turn_missing', 0))).toEqual([]);
    });

    it('fails with NotFound for a missing conversation but keeps the completed turn', async () => {
      const { turns } = fixture();
      await rootAndChild(turns);
      const error = await failureOf(
        turns.finishTurn({
          turnId: 'turn_1',
          result: result('x', T0 + 7),
          events: [{ event: done('turn_1'), at: T0 + 7 }],
          head: { conversationId: 'conv_missing', expectedVersion: 0, at: T0 + 8 },
        }),
      );
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'conversation', id: 'conv_missing' });
      expect((await run(turns.getTurn('turn_1'))).status).toBe('completed');
      expect(await run(turns.readEvents('turn_1', 0))).toHaveLength(1);
    });

    it('lets exactly one of two racing finishers move the head; the loser keeps its turn', async () => {
      const f = fixture();
      const other = await contenderOf(f);
      await rootAndChild(f.turns);
      await run(other.turns.beginTurn(newTurn('turn_2', 'conv_a', 'turn_root', T0 + 6)));
      const finish = (turns: TurnStoreShape, turnId: string) =>
        settle(
          turns.finishTurn({
            turnId,
            result: result(turnId, T0 + 7),
            events: [{ event: done(turnId), at: T0 + 7 }],
            head: { conversationId: 'conv_a', expectedVersion: 1, at: T0 + 8 },
          }),
        );
      const [x, y] = await Promise.all([finish(f.turns, 'turn_1'), finish(other.turns, 'turn_2')]);
      const outcomes = [x, y];
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.flatMap((o) => (o.ok ? [] : [o.error._tag]))).toEqual(['Conflict']);
      const winner = x.ok ? 'turn_1' : 'turn_2';
      expect(await run(f.turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: winner,
        version: 2,
      });
      for (const turnId of ['turn_1', 'turn_2']) {
        expect((await run(f.turns.getTurn(turnId))).status).toBe('completed');
        expect(await run(f.turns.readEvents(turnId, 0))).toHaveLength(1);
      }
    });
  });
}
