import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, run, type Harness } from './test-support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('backgroundStrategy', () => {
  it.each(['poll', 'stream'] as const)('runs a slow background turn to completion (%s mode)', async (mode) => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5 });
    const weft = h.weft({ mode });
    const convo = await weft.conversation();
    const turn = convo.send('Tell me about background jobs');
    const seen: string[] = [];
    for await (const event of turn.events()) seen.push(event.type);
    const result = await turn.result;
    expect(result.status).toBe('completed');
    expect(result.text).toContain('background jobs');
    const stored = await run(h.store.turns.getTurn(result.turn.id));
    expect(stored.status).toBe('completed');
    expect(stored.partial).toBe(false);
    const job = await run(h.store.jobs.findJobByTurn(result.turn.id));
    expect(job?.status).toBe('completed');
    expect(job?.leaseOwner).toBeNull();
    const conversation = await run(h.store.turns.getConversation(convo.id));
    expect(conversation.headTurnId).toBe(result.turn.id);
    const log = (await run(h.store.turns.readEvents(result.turn.id, 0))).map((e) => e.event.type);
    expect(log[0]).toBe('created');
    expect(log.at(-1)).toBe('completed');
    expect(log.filter((t) => t === 'item.done')).toHaveLength(1);
    if (mode === 'stream') {
      expect(log).toContain('delta');
      expect(job?.cursor).toBeGreaterThan(3);
    }
    expect(seen).toContain('created');
    expect(seen).toContain('completed');
  });
});
