/**
 * Turn write cost as an application pays it — `beginTurn`, then `finishTurn` completing the turn
 * with its last events and moving the head — on any `TurnStore`, so store-postgres and
 * store-sqlite are measured with the same calls and payloads (~1.2 KB per turn).
 */
import type { Turn, TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';

const words = 'the quick brown fox jumps over the lazy dog while weaving threads of text '.repeat(8);
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

/** Appends turn `n` under `head`; returns the new head. */
async function appendTurn(turns: TurnStoreShape, conversationId: string, n: number, head: Turn | null): Promise<Turn> {
  const id = `turn_${String(n).padStart(6, '0')}`;
  await run(
    turns.beginTurn({
      id,
      conversationId,
      parentId: head?.id ?? null,
      request: { input: [{ role: 'user', content: words.slice(0, 480) }], params: { model: 'm' } },
      contextStrategy: 'local',
      executionStrategy: 'stream',
      createdAt: n,
    }),
  );
  const { turn } = await run(
    turns.finishTurn({
      turnId: id,
      result: {
        status: 'completed',
        responseId: `resp_${id}`,
        output: [
          {
            id: `msg_${id}`,
            type: 'message',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: words.slice(0, 520), annotations: [] }],
          },
        ],
        usage: null,
        completedAt: n,
      },
      events: [{ event: { type: 'cancelled', turnId: id, responseId: null }, at: n }],
      head: { conversationId, expectedVersion: n, at: n },
    }),
  );
  return turn;
}

/** Mean ms per turn over `count` appends to a fresh conversation (after `warmup` unmeasured ones). */
export async function msPerTurn(turns: TurnStoreShape, count: number, warmup = 20): Promise<number> {
  const conversationId = `conv_${Math.random().toString(36).slice(2)}`;
  await run(turns.createConversation({ id: conversationId, createdAt: 0 }));
  let head: Turn | null = null;
  for (let n = 0; n < warmup; n++) head = await appendTurn(turns, conversationId, n, head);
  const t0 = performance.now();
  for (let n = warmup; n < warmup + count; n++) head = await appendTurn(turns, conversationId, n, head);
  return (performance.now() - t0) / count;
}
