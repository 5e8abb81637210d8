import { createOpenAIResponsesClient, type TurnStoreShape } from '@weft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackgroundWorker } from './background-worker.js';
import { apiKey, eventually, harness, run, type Harness } from './test-support/harness.js';
import { seedJob } from './test-support/seed-job.js';
import { counting } from './test-support/turn-log.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const worker = (stores: { turns: TurnStoreShape; jobs: Harness['store']['jobs'] }, owner: string, leaseMs = 5000) =>
  createBackgroundWorker({
    client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
    turns: stores.turns,
    jobs: stores.jobs,
    owner,
    leaseMs,
    pollIntervalMs: 20,
    poll: { initialMs: 10, maxMs: 40 },
  });

describe('createBackgroundWorker', () => {
  it('takes over unleased jobs, completes each turn once and moves the head', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5, times: 3 });
    const seeded = await Promise.all(['a', 'b', 'c'].map((id) => seedJob(h.store, h.client, id)));
    const counts = new Map<string, number>();
    const w = worker({ turns: counting(h.store.turns, counts), jobs: h.store.jobs }, 'w1');
    const reports = await w.resumeJobs();
    await w.stop();
    expect(reports.map((r) => r.status).sort()).toEqual(['completed', 'completed', 'completed']);
    expect(reports.every((r) => r.head === 'moved')).toBe(true);
    for (const s of seeded) {
      expect(counts.get(s.turnId)).toBe(1);
      const turn = await run(h.store.turns.getTurn(s.turnId));
      expect(turn.status).toBe('completed');
      expect(turn.output.length).toBeGreaterThan(0);
      expect((await run(h.store.turns.getConversation(s.conversationId))).headTurnId).toBe(s.turnId);
      const job = await run(h.store.jobs.getJob(s.job.id));
      expect(job.status).toBe('completed');
      expect(job.leaseOwner).toBeNull();
      const log = (await run(h.store.turns.readEvents(s.turnId, 0))).map((e) => e.event.type);
      expect(log.filter((t) => t === 'completed')).toHaveLength(1);
    }
  });

  it('ends a failed response as a failed turn and leaves the head where it was', async () => {
    h.server.faults.push({ background: 'fail', times: 1 });
    const seeded = await seedJob(h.store, h.client, 'f');
    const w = worker(h.store, 'w1');
    const [report] = await w.resumeJobs();
    await w.stop();
    expect(report?.status).toBe('failed');
    expect(report?.head).toBe('unchanged');
    const turn = await run(h.store.turns.getTurn(seeded.turnId));
    expect(turn.status).toBe('failed');
    expect(turn.error?.tag).toBe('ResponseFailed');
    const conversation = await run(h.store.turns.getConversation(seeded.conversationId));
    expect(conversation.headTurnId).toBe(turn.parentId);
  });

  it('two workers on two connections to one SQLite file drive each job exactly once', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 3, times: 12 });
    const ids = Array.from({ length: 12 }, (_, i) => `j${i}`);
    const seeded = await Promise.all(ids.map((id) => seedJob(h.store, h.client, id)));
    const other = h.contender();
    const counts = new Map<string, number>();
    const w1 = worker({ turns: counting(h.store.turns, counts), jobs: h.store.jobs }, 'w1');
    const w2 = worker({ turns: counting(other.turns, counts), jobs: other.jobs }, 'w2');
    const [r1, r2] = await Promise.all([w1.resumeJobs(), w2.resumeJobs()]);
    await Promise.all([w1.stop(), w2.stop()]);
    const driven = [...r1, ...r2].map((r) => r.jobId).sort();
    expect(driven).toEqual(seeded.map((s) => s.job.id).sort());
    expect([...r1, ...r2].every((r) => r.status === 'completed')).toBe(true);
    for (const s of seeded) expect(counts.get(s.turnId)).toBe(1);
  });

  it('takes over a job whose lease expired, not one whose lease is held', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 3, times: 2 });
    const expired = await seedJob(h.store, h.client, 'expired', { leasedBy: 'dead', leaseMs: 1 });
    const held = await seedJob(h.store, h.client, 'held', { leasedBy: 'alive', leaseMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const w = worker(h.store, 'w1');
    const reports = await w.resumeJobs();
    await w.stop();
    expect(reports.map((r) => r.jobId)).toEqual([expired.job.id]);
    expect((await run(h.store.jobs.getJob(held.job.id))).status).toBe('active');
    expect((await run(h.store.turns.getTurn(expired.turnId))).status).toBe('completed');
  });

  it('stops driving a job cancelled in the store and records the turn cancelled', async () => {
    h.server.faults.push({ background: 'stall' });
    const seeded = await seedJob(h.store, h.client, 'stall');
    const w = worker(h.store, 'w1', 90);
    const done = w.resumeJobs();
    await eventually(async () => ((await run(h.store.jobs.getJob(seeded.job.id))).leaseOwner === 'w1' ? true : undefined));
    await run(h.store.jobs.updateJob(seeded.job.id, { status: 'cancelled', updatedAt: Date.now() }));
    const reports = await done;
    await w.stop();
    expect(reports).toMatchObject([{ jobId: seeded.job.id, status: 'cancelled', head: 'unchanged' }]);
    expect((await run(h.store.turns.getTurn(seeded.turnId))).status).toBe('cancelled');
  });

  it('keeps the turn as a branch when the head moved elsewhere meanwhile', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5 });
    const seeded = await seedJob(h.store, h.client, 'moved');
    const at = Date.now();
    await run(
      h.store.turns.beginTurn({
        id: 'turn_other',
        conversationId: seeded.conversationId,
        parentId: null,
        request: { input: [], params: { model: 'm' } },
        contextStrategy: 'local',
        executionStrategy: 'blocking',
        createdAt: at,
      }),
    );
    const conversation = await run(h.store.turns.getConversation(seeded.conversationId));
    await run(h.store.turns.setHead(seeded.conversationId, conversation.version, 'turn_other', at));
    const w = worker(h.store, 'w1');
    const reports = await w.resumeJobs();
    await w.stop();
    expect(reports).toMatchObject([{ status: 'completed', head: 'branch' }]);
    const turn = await run(h.store.turns.getTurn(seeded.turnId));
    expect(turn.status).toBe('completed');
    expect(turn.error?.tag).toBe('HeadMoved');
    expect((await run(h.store.turns.getConversation(seeded.conversationId))).headTurnId).toBe('turn_other');
  });

  it('a conversation whose lease a worker took over waits for the worker and ends with its result', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 20 });
    // The conversation's clock runs 10 s behind: its leases look expired to the worker at once.
    const lagging = { now: () => Date.now() - 10_000 };
    const convo = await h.weft({ mode: 'poll', leaseMs: 2000, clock: lagging }).conversation();
    const turn = convo.send('Wait for the worker');
    const jobId = await eventually(async () => (await run(h.store.jobs.listJobs()))[0]?.id);
    const w = worker(h.store, 'w1');
    const reports = await w.resumeJobs();
    await w.stop();
    expect(reports).toMatchObject([{ jobId, status: 'completed' }]);
    const result = await turn.result;
    expect(result.text).toContain('Wait for the worker');
    expect((await run(h.store.turns.getConversation(convo.id))).headTurnId).toBe(result.turn.id);
  });
});
