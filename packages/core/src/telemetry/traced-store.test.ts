import { Effect } from 'effect';
import { describe, expect, it } from 'vitest';
import { makeMemoryTurnStore } from '../memory/memory-turn-store.js';
import { memoryOtel } from './otel.test-support.js';
import { resolveTelemetry } from './telemetry.js';
import { instrumentStore } from './traced-store.js';

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

describe('instrumentStore and finishTurn', () => {
  it('traces finishTurn and counts a lost compare-and-swap as a conflict', async () => {
    const otel = memoryOtel();
    const telemetry = resolveTelemetry({ tracer: otel.tracer, meter: otel.meter });
    const plain = makeMemoryTurnStore();
    const turns = instrumentStore(plain, telemetry, { thresholdMs: 0 });
    await run(plain.createConversation({ id: 'c1', createdAt: 1 }));
    for (const id of ['t1', 't2']) {
      await run(
        plain.beginTurn({
          id,
          conversationId: 'c1',
          parentId: null,
          request: { input: [], params: { model: 'm' } },
          contextStrategy: 'local',
          executionStrategy: 'blocking',
          createdAt: 1,
        }),
      );
    }
    const finish = (turnId: string) =>
      turns.finishTurn({
        turnId,
        result: { status: 'completed', responseId: null, output: [], usage: null, completedAt: 2 },
        head: { conversationId: 'c1', expectedVersion: 0, at: 3 },
      });
    await run(finish('t1'));
    const lost = await run(Effect.flip(finish('t2')));
    expect(lost).toMatchObject({ _tag: 'Conflict', actualVersion: 1 });
    expect(otel.spans().map((s) => s.name)).toEqual([
      'weft.store.turns.finishTurn',
      'weft.store.turns.finishTurn',
    ]);
    expect(otel.spans()[1]!.attributes['error.type']).toBe('Conflict');
    const conflicts = (await otel.metrics()).get('weft.conflicts')?.dataPoints ?? [];
    expect(conflicts[0]).toMatchObject({ value: 1 });
    expect((await run(plain.getTurn('t2'))).status).toBe('completed');
  });
});
