/**
 * A driver that stalls past its lease mid-run (a long GC pause, a blocked event loop) while another
 * worker takes the job over: when it wakes, the lease fence refuses its writes, so the turn's event
 * log holds every event once, in order, and the job and turn are finished once.
 */
import {
  createOpenAIResponsesClient,
  createWeft,
  isTerminalResponse,
  type ClockShape,
  type ResponsesClientShape,
  type TurnStoreShape,
} from '@weft/core';
import { Effect, Stream } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundStrategy } from './background-strategy.js';
import { createBackgroundWorker, type BackgroundWorker } from './background-worker.js';
import { apiKey, harness, model, run, type Harness } from './test-support/harness.js';
import { seedJob } from './test-support/seed-job.js';
import { counting, shape } from './test-support/turn-log.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

// A reasoning item, then a long message: a window in which the response has one item done.
const prompt =
  'Tell me how a background turn keeps its event log in order when one worker stalls and another takes the job over from it';
const reasoning = { reasoning: { effort: 'low', summary: 'auto' } } as const;

/** A gate a stalled call waits at: `reached` once it waits, `release()` lets it go on. */
function gate() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { released, reached, reach, release };
}

/**
 * A client whose first retrieve answering a still-running response with an item done holds that
 * answer until released: the driver has new output in hand and stalls before writing it.
 */
function stallingMidPoll(client: ResponsesClientShape) {
  const g = gate();
  let armed = true;
  const stalling: ResponsesClientShape = {
    ...client,
    retrieve: (id, options) =>
      Effect.flatMap(client.retrieve(id, options), (response) => {
        if (!armed || isTerminalResponse(response) || response.output.length === 0) return Effect.succeed(response);
        armed = false;
        g.reach();
        return Effect.as(Effect.promise(() => g.released), response);
      }),
  };
  return { client: stalling, ...g };
}

/**
 * A client whose created stream holds its `at`-th text delta until released: the driver stalls in
 * the middle of the message, with some of its events not yet written.
 */
function stallingMidStream(client: ResponsesClientShape, at: number) {
  const g = gate();
  let seen = 0;
  const stalling: ResponsesClientShape = {
    ...client,
    stream: (params, options) =>
      Stream.mapEffect(client.stream(params, options), (event) => {
        if (event.type === 'response.output_text.delta') seen += 1;
        if (seen !== at || event.type !== 'response.output_text.delta') return Effect.succeed(event);
        g.reach();
        return Effect.as(Effect.promise(() => g.released), event);
      }),
  };
  return { client: stalling, ...g };
}

function worker(turns: TurnStoreShape, jobs: Harness['store']['jobs'], owner: string, clock: ClockShape, client?: ResponsesClientShape): BackgroundWorker {
  return createBackgroundWorker({
    client: client ?? createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
    turns,
    jobs,
    owner,
    leaseMs: 60_000,
    clock,
    pollIntervalMs: 60_000,
    poll: { initialMs: 10, maxMs: 40 },
  });
}

/** Checks a finished turn's log: every event once, in order, ending with one `completed`. */
async function expectCleanLog(turnId: string, text: string): Promise<string[]> {
  const log = (await run(h.store.turns.readEvents(turnId, 0))).map(shape);
  expect(log.filter((l) => l === 'created').length).toBeLessThanOrEqual(1);
  expect(log.filter((l) => l === 'item.done:0')).toHaveLength(1);
  expect(log.filter((l) => l === 'item.done:1')).toHaveLength(1);
  expect(log.indexOf('item.done:0')).toBeLessThan(log.indexOf('item.done:1'));
  expect(log.filter((l) => l === 'completed')).toHaveLength(1);
  expect(log.at(-1)).toBe('completed');
  // Deltas logged by a driver that streamed: each once, in order, so they spell the start of the text.
  const deltas = log.filter((l) => l.startsWith('delta:text:1:')).map((l) => l.slice('delta:text:1:'.length));
  expect(text.startsWith(deltas.join(''))).toBe(true);
  return log;
}

describe('a worker that stalls past its lease mid-poll', () => {
  it('writes nothing of the late poll; the worker that took over finishes the job once', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 40 });
    const seeded = await seedJob(h.store, h.client, 'midpoll', { prompt, params: reasoning });
    const counts = new Map<string, number>();
    const stall = stallingMidPoll(createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }));
    let skewMs = 0;
    const clock = { now: () => Date.now() + skewMs };
    const first = worker(counting(h.store.turns, counts), h.store.jobs, 'worker_first', clock, stall.client);
    const other = h.contender();
    const second = worker(counting(other.turns, counts), other.jobs, 'worker_second', clock);

    const firstDone = first.resumeJobs();
    await stall.reached;
    skewMs = 120_000;
    expect(await second.resumeJobs()).toMatchObject([{ jobId: seeded.job.id, status: 'completed', head: 'moved' }]);
    const finished = await run(h.store.jobs.getJob(seeded.job.id));
    const turnAfter = await run(h.store.turns.getTurn(seeded.turnId));
    const eventsAfter = await run(h.store.turns.readEvents(seeded.turnId, 0));

    stall.release();
    expect(await firstDone).toMatchObject([{ jobId: seeded.job.id, status: 'lost' }]);
    await Promise.all([first.stop(), second.stop()]);

    expect(await run(h.store.turns.readEvents(seeded.turnId, 0))).toEqual(eventsAfter);
    expect(await run(h.store.turns.getTurn(seeded.turnId))).toEqual(turnAfter);
    expect(await run(h.store.jobs.getJob(seeded.job.id))).toEqual(finished);
    expect(finished).toMatchObject({ status: 'completed', leaseOwner: null });
    expect(turnAfter.status).toBe('completed');
    expect(counts.get(seeded.turnId)).toBe(1);
    const text = turnAfter.output.flatMap((item) =>
      item.type === 'message' ? item.content.flatMap((c) => (c.type === 'output_text' ? [c.text] : [])) : [],
    );
    await expectCleanLog(seeded.turnId, text.join(''));
  });
});

describe('a conversation whose stream stalls past its lease', () => {
  it('writes nothing after waking; the log matches an undisturbed run and the turn ends once', async () => {
    const clean = await h.weft({ mode: 'stream', flush: { events: 4 } }).conversation();
    const cleanResult = await clean.send(prompt, { params: reasoning }).result;
    const cleanLog = (await run(h.store.turns.readEvents(cleanResult.turn.id, 0))).map(shape);

    const counts = new Map<string, number>();
    // The reasoning item is done and written by then; two message deltas are not written yet.
    const stall = stallingMidStream(createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }), 3);
    const weft = createWeft({
      client: stall.client,
      store: { turns: counting(h.store.turns, counts), jobs: h.store.jobs },
      // A long lease: the run renews it rarely, so its stalled stream is what notices the loss.
      strategies: {
        background: backgroundStrategy({ mode: 'stream', leaseMs: 60_000, flush: { events: 4 }, poll: { initialMs: 10, maxMs: 40 } }),
      },
      defaults: { model, execution: 'background' },
    });
    try {
      const convo = await weft.conversation();
      const turn = convo.send(prompt, { params: reasoning });
      await stall.reached;
      // The undisturbed run's job has ended: the one active job is the stalled run's.
      const [job] = await run(h.store.jobs.listJobs({ status: 'active' }));
      expect(job?.leaseOwner).not.toBeNull();
      expect(job?.cursor).not.toBeNull();
      const other = h.contender();
      const second = worker(counting(other.turns, counts), other.jobs, 'worker_takeover', { now: () => Date.now() + 120_000 });
      expect(await second.resumeJobs()).toMatchObject([{ jobId: job?.id, status: 'completed', head: 'moved' }]);
      await second.stop();
      const turnId = job?.turnId ?? '';
      const eventsAfter = await run(h.store.turns.readEvents(turnId, 0));

      stall.release();
      const result = await turn.result;
      expect(result.status).toBe('completed');
      expect(result.text).toBe(cleanResult.text);
      expect(await run(h.store.turns.readEvents(turnId, 0))).toEqual(eventsAfter);
      // What the stalled run streamed before it stalled, as an undisturbed run logs it; then what the
      // poller that took over added: the message's item.done and the terminal event.
      const log = eventsAfter.map(shape);
      const streamed = log.slice(0, log.indexOf('item.done:1'));
      expect(streamed).toContain('item.done:0');
      expect(streamed).toEqual(cleanLog.slice(0, streamed.length));
      expect(log.slice(streamed.length)).toEqual(['item.done:1', 'completed']);
      await expectCleanLog(turnId, result.text);
      expect(counts.get(turnId)).toBe(1);
      expect(await run(h.store.jobs.getJob(job?.id ?? ''))).toMatchObject({ status: 'completed', leaseOwner: null });
    } finally {
      await weft.close();
    }
  });
});


describe('a conversation whose poll stalls past its lease', () => {
  it('writes nothing of the late poll and ends with the result of the worker that took over', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 40 });
    const counts = new Map<string, number>();
    const stall = stallingMidPoll(createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }));
    const weft = createWeft({
      client: stall.client,
      store: { turns: counting(h.store.turns, counts), jobs: h.store.jobs },
      strategies: { background: backgroundStrategy({ mode: 'poll', leaseMs: 60_000, poll: { initialMs: 10, maxMs: 40 } }) },
      defaults: { model, execution: 'background' },
    });
    try {
      const convo = await weft.conversation();
      const turn = convo.send(prompt, { params: reasoning });
      await stall.reached;
      const [job] = await run(h.store.jobs.listJobs({ status: 'active' }));
      const other = h.contender();
      const second = worker(counting(other.turns, counts), other.jobs, 'worker_takeover', { now: () => Date.now() + 120_000 });
      expect(await second.resumeJobs()).toMatchObject([{ jobId: job?.id, status: 'completed', head: 'moved' }]);
      await second.stop();
      const turnId = job?.turnId ?? '';
      const eventsAfter = await run(h.store.turns.readEvents(turnId, 0));
      const turnAfter = await run(h.store.turns.getTurn(turnId));

      stall.release();
      const result = await turn.result;
      expect(result.status).toBe('completed');
      expect(await run(h.store.turns.readEvents(turnId, 0))).toEqual(eventsAfter);
      // The conversation records the returned result under its own clock: only the timings may differ.
      const { timings: _timings, ...kept } = turnAfter;
      expect(await run(h.store.turns.getTurn(turnId))).toMatchObject(kept);
      await expectCleanLog(turnId, result.text);
      expect(counts.get(turnId)).toBe(1);
      expect(await run(h.store.jobs.getJob(job?.id ?? ''))).toMatchObject({ status: 'completed', leaseOwner: null });
    } finally {
      await weft.close();
    }
  });
});
