import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createOpenAIResponsesClient, createWeft, type Weft } from '@weft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundStrategy, type BackgroundStrategyOptions } from './background-strategy.js';
import { createBackgroundWorker } from './background-worker.js';
import { apiKey, eventually, harness, model, run, type Harness } from './test-support/harness.js';
import { memoryOtel, parentOf, pointValue, spanTree } from '@weft/core/testing';
import { seedJob } from './test-support/seed-job.js';

let h: Harness;
let otel: ReturnType<typeof memoryOtel>;
const wefts: Weft[] = [];
beforeEach(async () => {
  h = await harness();
  otel = memoryOtel();
});
afterEach(async () => {
  await Promise.all(wefts.splice(0).map((w) => w.close()));
  await h.close();
});

/** A Weft running background turns, traced into memory. */
function tracedWeft(options: BackgroundStrategyOptions): Weft {
  const weft = createWeft({
    client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
    store: h.store,
    strategies: {
      background: backgroundStrategy({ leaseMs: 2000, poll: { initialMs: 10, maxMs: 40 }, ...options }),
    },
    defaults: { model, execution: 'background' },
    telemetry: { tracer: otel.tracer, meter: otel.meter },
  });
  wefts.push(weft);
  return weft;
}

const named = (name: string): ReadableSpan[] => otel.spans().filter((s) => s.name === name);
const byAttempt = (spans: ReadableSpan[]): ReadableSpan[] =>
  [...spans].sort((a, b) => Number(a.attributes['weft.job.poll.attempt']) - Number(b.attributes['weft.job.poll.attempt']));
const idOf = (span: ReadableSpan | undefined): string | undefined => span?.spanContext().spanId;
const inFlight = async (driver: 'strategy' | 'worker'): Promise<number> =>
  pointValue(await otel.metric('weft.jobs.in_flight'), 'weft.job.driver', driver);

describe('background job spans, driven inside the turn', () => {
  it('polls are spans under the turn, each with its retrieve call; a failed poll carries the typed tag', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5 });
    h.server.faults.push({ status: 503 });
    const convo = await tracedWeft({ mode: 'poll' }).conversation();
    const result = await convo.send('hello').result;
    expect(result.status).toBe('completed');

    const tree = spanTree(otel.spans());
    expect(tree.slice(0, 3)).toEqual(['weft.send', '  weft.turn', '    chat scripted-1']);
    const rest = tree.slice(3);
    expect(rest.length).toBeGreaterThanOrEqual(4);
    rest.forEach((line, i) =>
      expect(line).toBe(i % 2 === 0 ? '    weft.job.poll' : '      weft.responses.retrieve'),
    );

    const job = await run(h.store.jobs.findJobByTurn(result.turn.id));
    const turnSpan = named('weft.turn')[0];
    const polls = byAttempt(named('weft.job.poll'));
    polls.forEach((poll, attempt) => {
      expect(parentOf(poll)).toBe(idOf(turnSpan));
      expect(poll.attributes).toMatchObject({
        'weft.job.id': job?.id,
        'weft.response.id': result.turn.responseId,
        'weft.turn.id': result.turn.id,
        'weft.conversation.id': convo.id,
        'weft.job.poll.attempt': attempt,
      });
    });
    const [failed] = polls;
    expect(failed?.attributes).toMatchObject({
      'weft.job.status_seen': 'unreachable',
      'error.type': 'ServerError',
      'weft.job.next_poll_delay_ms': 15,
    });
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    const last = polls.at(-1);
    expect(last?.attributes['weft.job.status_seen']).toBe('completed');
    expect(last?.attributes['weft.job.next_poll_delay_ms']).toBeUndefined();
    expect(last?.status.code).not.toBe(SpanStatusCode.ERROR);
    for (const poll of polls.slice(1, -1)) {
      expect(['queued', 'in_progress']).toContain(poll.attributes['weft.job.status_seen']);
      expect(poll.attributes['weft.job.next_poll_delay_ms']).toBeGreaterThanOrEqual(10);
    }
    expect(await inFlight('strategy')).toBe(0);
  });

  it('a dropped stream is re-opened in a weft.job.resume span with its starting_after cursor', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5, dropAfterEvents: 7 });
    const convo = await tracedWeft({ mode: 'stream' }).conversation();
    const result = await convo.send('Explain how a resumed stream keeps every event').result;
    expect(result.status).toBe('completed');

    const turnSpan = named('weft.turn')[0];
    const [resume, ...more] = named('weft.job.resume');
    expect(more).toEqual([]);
    expect(parentOf(resume as ReadableSpan)).toBe(idOf(turnSpan));
    expect(resume?.attributes).toMatchObject({
      'weft.job.resume.reason': 'stream_dropped',
      'weft.job.status_seen': 'completed',
      'weft.turn.id': result.turn.id,
    });
    const cursor = resume?.attributes['weft.stream.starting_after'];
    expect(typeof cursor).toBe('number');
    const reopened = named('weft.responses.retrieveStream');
    expect(reopened.map(parentOf)).toEqual([idOf(resume)]);
    expect(reopened[0]?.attributes['weft.stream.starting_after']).toBe(cursor);
    // The drop is checked with one poll before the stream is re-opened.
    const [check] = named('weft.job.poll');
    expect(parentOf(check as ReadableSpan)).toBe(idOf(turnSpan));
    expect(check?.attributes['weft.job.status_seen']).toBe('in_progress');
    expect(check?.attributes['weft.job.next_poll_delay_ms']).toBeUndefined();
  });

  it('counts a job in weft.jobs.in_flight from its write until it ends', async () => {
    h.server.faults.push({ background: 'stall' });
    const convo = await tracedWeft({ mode: 'poll' }).conversation();
    const turn = convo.send('hello');
    await eventually(async () => ((await run(h.store.jobs.listJobs({ status: 'active' }))).length === 1 ? true : undefined));
    expect(await inFlight('strategy')).toBe(1);
    turn.cancel('enough');
    await expect(turn.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    expect(await inFlight('strategy')).toBe(0);
  });
});

describe('background job spans, driven by a worker after a restart', () => {
  const traced = (owner: string, leaseMs = 5000) =>
    createBackgroundWorker({
      client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey }),
      turns: h.store.turns,
      jobs: h.store.jobs,
      owner,
      leaseMs,
      pollIntervalMs: 20,
      poll: { initialMs: 10, maxMs: 40 },
      telemetry: { tracer: otel.tracer, meter: otel.meter },
    });

  it('makes a root weft.job.resume span per claimed job, and root poll spans linked to it', async () => {
    h.server.faults.push({ background: 'slow', delayBetweenMs: 5 });
    const seeded = await seedJob(h.store, h.client, 'a');
    const worker = traced('w1');
    const [report] = await worker.resumeJobs();
    await worker.stop();
    expect(report?.status).toBe('completed');

    const ids = { 'weft.turn.id': seeded.turnId, 'weft.conversation.id': seeded.conversationId, 'weft.job.id': seeded.job.id };
    const [resume, ...more] = named('weft.job.resume');
    expect(more).toEqual([]);
    expect(parentOf(resume as ReadableSpan)).toBeUndefined();
    expect(resume?.attributes).toMatchObject({ ...ids, 'weft.job.resume.reason': 'worker_claim' });
    const polls = byAttempt(named('weft.job.poll'));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    for (const poll of polls) {
      expect(parentOf(poll)).toBeUndefined();
      expect(poll.attributes).toMatchObject({ ...ids, 'weft.response.id': seeded.job.responseId });
      expect(poll.links.map((l) => l.context.spanId)).toEqual([idOf(resume)]);
    }
    expect(polls.at(-1)?.attributes['weft.job.status_seen']).toBe('completed');
    const retrieves = named('weft.responses.retrieve');
    expect(retrieves.map(parentOf).sort()).toEqual(polls.map(idOf).sort());
    expect(await inFlight('worker')).toBe(0);
  });

  it('across takeovers a job counts once, for whoever drives it; a retaken lease is a resume span', async () => {
    h.server.faults.push({ background: 'stall' });
    // The conversation's clock runs 10 s behind: its leases look expired to the worker at once.
    const lagging = { now: () => Date.now() - 10_000 };
    const convo = await tracedWeft({ mode: 'poll', leaseMs: 600, clock: lagging }).conversation();
    const turn = convo.send('Wait for the worker');
    await eventually(async () => (await run(h.store.jobs.listJobs()))[0]?.id);
    expect(await inFlight('strategy')).toBe(1);

    const worker = traced('w1');
    worker.start();
    await eventually(async () => ((await inFlight('strategy')) === 0 ? true : undefined));
    expect(await inFlight('worker')).toBe(1);

    // The worker lets go; the waiting conversation takes the lease back and drives the job again.
    await worker.stop();
    expect(await inFlight('worker')).toBe(0);
    await eventually(async () => ((await inFlight('strategy')) === 1 ? true : undefined));
    const retaken = named('weft.job.resume').filter(
      (s) => s.attributes['weft.job.resume.reason'] === 'lease_expired',
    );
    expect(retaken).toHaveLength(1);
    expect(retaken[0]?.attributes['weft.conversation.id']).toBe(convo.id);

    turn.cancel('enough');
    await expect(turn.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    expect(await inFlight('strategy')).toBe(0);
  });

  it('counts the jobs a worker holds, and gives them back when it stops', async () => {
    h.server.faults.push({ background: 'stall', times: 2 });
    await seedJob(h.store, h.client, 'a');
    await seedJob(h.store, h.client, 'b');
    const worker = traced('w1');
    worker.start();
    await eventually(async () => (worker.stats().held === 2 ? true : undefined));
    expect(await inFlight('worker')).toBe(2);
    await worker.stop();
    expect(await inFlight('worker')).toBe(0);
  });
});
