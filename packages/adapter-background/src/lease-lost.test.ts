import {
  createOpenAIResponsesClient,
  createWeft,
  isTerminalResponse,
  type ResponsesClientShape,
} from '@weft/core';
import { Effect } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundStrategy } from './background-strategy.js';
import { createBackgroundWorker } from './background-worker.js';
import { apiKey, eventually, harness, model, run, type Harness } from './test-support/harness.js';
import { seedJob } from './test-support/seed-job.js';
import { counting } from './test-support/turn-log.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

/**
 * A client whose first retrieve of a finished response holds its answer until `release()`: the
 * worker using it has the final response in hand and stalls there (as in a long GC pause).
 */
function stallingOnFinish(client: ResponsesClientShape) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let armed = true;
  const stalling: ResponsesClientShape = {
    ...client,
    retrieve: (id, options) =>
      Effect.flatMap(client.retrieve(id, options), (response) => {
        if (!armed || !isTerminalResponse(response)) return Effect.succeed(response);
        armed = false;
        reached();
        return Effect.as(
          Effect.promise(() => released),
          response,
        );
      }),
  };
  return { client: stalling, stalled, release };
}

describe('a worker that stalls past its lease', () => {
  it('is refused its late finish; the worker that took over finishes the job once', async () => {
    const seeded = await seedJob(h.store, h.client, 'stalled');
    // One clock for both workers, moved forward to let the first lease lapse.
    let skewMs = 0;
    const clock = { now: () => Date.now() + skewMs };
    const leaseMs = 5000;
    const counts = new Map<string, number>();
    const stall = stallingOnFinish(createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }));
    const other = h.contender();
    const first = createBackgroundWorker({
      client: stall.client,
      turns: counting(h.store.turns, counts),
      jobs: h.store.jobs,
      owner: 'worker_first',
      leaseMs,
      clock,
      pollIntervalMs: 60_000,
      poll: { initialMs: 10, maxMs: 40 },
    });
    const second = createBackgroundWorker({
      client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
      turns: counting(other.turns, counts),
      jobs: other.jobs,
      owner: 'worker_second',
      leaseMs,
      clock,
      pollIntervalMs: 60_000,
      poll: { initialMs: 10, maxMs: 40 },
    });

    const firstDone = first.resumeJobs();
    await stall.stalled;
    expect((await run(h.store.jobs.getJob(seeded.job.id))).leaseOwner).toBe('worker_first');
    skewMs = leaseMs * 2;
    const secondReports = await second.resumeJobs();
    expect(secondReports).toMatchObject([{ jobId: seeded.job.id, status: 'completed', head: 'moved' }]);
    const finished = await run(h.store.jobs.getJob(seeded.job.id));
    expect(finished).toMatchObject({ status: 'completed', leaseOwner: null });
    const eventsBefore = await run(h.store.turns.readEvents(seeded.turnId, 0));
    const turnBefore = await run(h.store.turns.getTurn(seeded.turnId));

    stall.release();
    const firstReports = await firstDone;
    await Promise.all([first.stop(), second.stop()]);

    expect(firstReports).toMatchObject([{ jobId: seeded.job.id, status: 'lost', head: 'unchanged' }]);
    expect(counts.get(seeded.turnId)).toBe(1);
    expect(await run(h.store.jobs.getJob(seeded.job.id))).toEqual(finished);
    expect(await run(h.store.turns.getTurn(seeded.turnId))).toEqual(turnBefore);
    const events = await run(h.store.turns.readEvents(seeded.turnId, 0));
    expect(events).toEqual(eventsBefore);
    const types = events.map((e) => e.event.type);
    expect(types.filter((t) => t === 'completed')).toHaveLength(1);
    const doneIndexes = events.flatMap((e) => (e.event.type === 'item.done' ? [e.event.outputIndex] : []));
    expect(new Set(doneIndexes).size).toBe(doneIndexes.length);
    expect(turnBefore.status).toBe('completed');
    expect((await run(h.store.turns.getConversation(seeded.conversationId))).headTurnId).toBe(seeded.turnId);
  });
});

describe('a conversation whose run stalls past its lease', () => {
  it('writes nothing at its late finish and ends with the result of the worker that took over', async () => {
    const counts = new Map<string, number>();
    const stall = stallingOnFinish(createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }));
    const weft = createWeft({
      client: stall.client,
      store: { turns: counting(h.store.turns, counts), jobs: h.store.jobs },
      // A long lease: the run renews it rarely, so its stalled poll is what notices the loss.
      strategies: { background: backgroundStrategy({ mode: 'poll', leaseMs: 60_000, poll: { initialMs: 10, maxMs: 40 } }) },
      defaults: { model, execution: 'background' },
    });
    try {
      const convo = await weft.conversation();
      const turn = convo.send('Finish me elsewhere');
      await stall.stalled;
      const [job] = await run(h.store.jobs.listJobs());
      expect(job?.leaseOwner).not.toBeNull();
      // The worker's clock is two leases ahead: to it, the run's lease has expired.
      const other = h.contender();
      const worker = createBackgroundWorker({
        client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
        turns: counting(other.turns, counts),
        jobs: other.jobs,
        owner: 'worker_takeover',
        leaseMs: 60_000,
        clock: { now: () => Date.now() + 120_000 },
        pollIntervalMs: 60_000,
        poll: { initialMs: 10, maxMs: 40 },
      });
      const reports = await worker.resumeJobs();
      await worker.stop();
      expect(reports).toMatchObject([{ jobId: job?.id, status: 'completed', head: 'moved' }]);
      const eventsBefore = await run(h.store.turns.readEvents(job?.turnId ?? '', 0));

      stall.release();
      const result = await turn.result;
      expect(result.status).toBe('completed');
      expect(result.text).toContain('Finish me elsewhere');
      expect(counts.get(job?.turnId ?? '')).toBe(1);
      expect(await run(h.store.turns.readEvents(job?.turnId ?? '', 0))).toEqual(eventsBefore);
      expect(await run(h.store.jobs.getJob(job?.id ?? ''))).toMatchObject({ status: 'completed', leaseOwner: null });
      await eventually(async () => (convo.state === 'idle' ? true : undefined));
      expect(convo.headTurnId).toBe(job?.turnId);
    } finally {
      await weft.close();
    }
  });
});
