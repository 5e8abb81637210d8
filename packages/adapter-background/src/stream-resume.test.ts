import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, run, type Harness } from './test-support/harness.js';
import { shape } from './test-support/turn-log.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

async function logOf(prompt: string): Promise<{ log: string[]; text: string; cursor: number | null }> {
  const convo = await h.weft({ mode: 'stream', flush: { events: 4 } }).conversation();
  const result = await convo.send(prompt).result;
  const log = (await run(h.store.turns.readEvents(result.turn.id, 0))).map(shape);
  const job = await run(h.store.jobs.findJobByTurn(result.turn.id));
  return { log, text: result.text, cursor: job?.cursor ?? null };
}

describe('stream mode after a dropped connection', () => {
  it('resumes with starting_after: the event log has every event once', async () => {
    const prompt = 'Explain how a resumed stream keeps every event exactly once';
    h.server.faults.push({ background: 'slow', delayBetweenMs: 2 });
    const clean = await logOf(prompt);
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5, dropAfterEvents: 7 });
    const dropped = await logOf(prompt);
    expect(dropped.text).toBe(clean.text);
    expect(dropped.log).toEqual(clean.log);
    expect(dropped.cursor).toBe(clean.cursor);
    const deltas = dropped.log.filter((l) => l.startsWith('delta:text:0:')).map((l) => l.slice(13));
    expect(deltas.join('')).toBe(dropped.text);
  });

  it('falls back to polling when the server refuses to re-stream', async () => {
    const prompt = 'Keep going even when the stream cannot be re-opened';
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5, dropAfterEvents: 5 });
    h.server.faults.push({});
    h.server.faults.push({ status: 400 });
    const convo = await h.weft({ mode: 'stream' }).conversation();
    const result = await convo.send(prompt).result;
    expect(result.status).toBe('completed');
    expect(result.text).toContain('re-opened');
    const log = (await run(h.store.turns.readEvents(result.turn.id, 0))).map(shape);
    expect(log.filter((l) => l === 'item.done:0')).toHaveLength(1);
    expect(log.at(-1)).toBe('completed');
    const job = await run(h.store.jobs.findJobByTurn(result.turn.id));
    expect(job?.status).toBe('completed');
    expect(h.server.faults.list()).toEqual([]);
  });
});
