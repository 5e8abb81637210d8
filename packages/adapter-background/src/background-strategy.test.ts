import {
  createOpenAIResponsesClient,
  type StrategyContext,
  type TurnEvent,
} from '@weft/core';
import { Effect, Exit } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundStrategy } from './background-strategy.js';
import { apiKey, eventually, harness, model, noBackgroundProfile, run, type Harness } from './test-support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const jobOf = async (turnId: string) => {
  const job = await run(h.store.jobs.findJobByTurn(turnId));
  if (job === undefined) throw new Error(`no job for ${turnId}`);
  return job;
};

describe.each(['poll', 'stream'] as const)('background outcomes (%s mode)', (mode) => {
  it('a failed response ends the turn and the job failed', async () => {
    h.server.faults.push({ background: 'fail', delayBetweenMs: 2 });
    const convo = await h.weft({ mode }).conversation();
    const turn = convo.send('hello');
    await expect(turn.result).rejects.toMatchObject({ _tag: 'ResponseFailed' });
    // A failed response stays off the path: the head does not move to it.
    const conversation = await run(h.store.turns.getConversation(convo.id));
    expect(conversation.headTurnId).toBeNull();
    const [job] = await run(h.store.jobs.listJobs());
    const failed = await run(h.store.turns.getTurn(job?.turnId ?? ''));
    expect(failed.status).toBe('failed');
    expect(failed.error?.tag).toBe('ResponseFailed');
    expect((await jobOf(failed.id)).status).toBe('failed');
  });

  it('an incomplete response ends the turn and the job incomplete', async () => {
    h.server.faults.push({ background: 'incomplete', delayBetweenMs: 2 });
    const convo = await h.weft({ mode }).conversation();
    const result = await convo.send('hello').result;
    expect(result.status).toBe('incomplete');
    expect(result.turn.incompleteReason).toBe('max_output_tokens');
    expect((await jobOf(result.turn.id)).status).toBe('incomplete');
  });

  it('a stalled response stays active (lease renewed) until cancelled; cancelling twice is fine', async () => {
    h.server.faults.push({ background: 'stall' });
    const convo = await h.weft({ mode, leaseMs: 150 }).conversation();
    const turn = convo.send('hello');
    const turnId = await eventually(async () => {
      const c = await run(h.store.turns.getConversation(convo.id));
      const page = await run(h.store.jobs.listJobs({ status: 'active' }));
      return c.id === convo.id ? page[0]?.turnId : undefined;
    });
    const first = await jobOf(turnId);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = await jobOf(turnId);
    expect(later.status).toBe('active');
    expect(later.leaseExpiresAt).toBeGreaterThan(first.leaseExpiresAt ?? 0);
    turn.cancel('enough');
    turn.cancel('again');
    await expect(turn.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    await eventually(async () => ((await jobOf(turnId)).status === 'cancelled' ? true : undefined));
    const stored = await run(h.store.turns.getTurn(turnId));
    expect(stored.status).toBe('cancelled');
    const response = await run(h.client.retrieve(first.responseId));
    expect(response.status).toBe('cancelled');
  });

  it('a stalled response past maxDurationMs is cancelled and fails with Timeout', async () => {
    h.server.faults.push({ background: 'stall' });
    const convo = await h.weft({ mode, maxDurationMs: 300 }).conversation();
    await expect(convo.send('hello').result).rejects.toMatchObject({ _tag: 'Timeout' });
    const [job] = await run(h.store.jobs.listJobs());
    expect(job?.status).toBe('failed');
    const stored = await run(h.store.turns.getTurn(job?.turnId ?? ''));
    expect(stored.status).toBe('failed');
    expect(stored.error?.tag).toBe('Timeout');
    expect((await run(h.client.retrieve(job?.responseId ?? ''))).status).toBe('cancelled');
  });
});

describe('expired responses', () => {
  it('ResponseNotFound on retrieve ends the turn with a typed error that says so', async () => {
    const short = await harness({ maxAgeMs: 200 });
    try {
      short.server.faults.push({ background: 'stall' });
      const convo = await short.weft({ mode: 'poll' }).conversation();
      await expect(convo.send('hello').result).rejects.toMatchObject({ _tag: 'ResponseNotFound' });
      const [job] = await run(short.store.jobs.listJobs());
      expect(job?.status).toBe('failed');
      const stored = await run(short.store.turns.getTurn(job?.turnId ?? ''));
      expect(stored.status).toBe('failed');
      expect(stored.error?.tag).toBe('ResponseNotFound');
      expect(stored.error?.message).toMatch(/no longer has response .* expired/);
      const log = await run(short.store.turns.readEvents(stored.id, 0));
      expect(log.at(-1)?.event).toMatchObject({ type: 'failed', code: 'ResponseNotFound' });
    } finally {
      await short.close();
    }
  });
});

describe('providers without background mode', () => {
  it('core refuses before any request', async () => {
    const weft = h.weft({}, noBackgroundProfile);
    await expect(weft.conversation()).rejects.toMatchObject({ _tag: 'Unsupported' });
  });

  const context = async (events: TurnEvent[]): Promise<StrategyContext> => {
    await run(h.store.turns.createConversation({ id: 'conv_fb', createdAt: Date.now() }));
    await run(
      h.store.turns.beginTurn({
        id: 'turn_fb',
        conversationId: 'conv_fb',
        parentId: null,
        request: { input: [], params: { model } },
        contextStrategy: 'local',
        executionStrategy: 'background',
        createdAt: Date.now(),
      }),
    );
    return {
      turnId: 'turn_fb',
      conversationId: 'conv_fb',
      client: createOpenAIResponsesClient({ baseURL: h.server.baseURL, apiKey, profile: noBackgroundProfile }),
      store: h.store.turns,
      jobs: h.store.jobs,
      now: () => Date.now(),
      emit: (event) => events.push(event),
      timeoutMs: undefined,
    };
  };

  it('the strategy itself refuses with Unsupported naming the alternatives', async () => {
    const exit = await Effect.runPromiseExit(
      backgroundStrategy().run({ model, input: 'hi' }, await context([])),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    expect(JSON.stringify(exit)).toContain('fallbackToStream');
  });

  it('fallbackToStream runs the turn as an in-process stream with a job record', async () => {
    const events: TurnEvent[] = [];
    const response = await Effect.runPromise(
      backgroundStrategy({ fallbackToStream: true }).run({ model, input: 'hi there' }, await context(events)),
    );
    expect(response.status).toBe('completed');
    expect(response.background).not.toBe(true);
    const job = await jobOf('turn_fb');
    expect(job.status).toBe('completed');
    expect(job.responseId).toBe(response.id);
    expect(events.map((e) => e.type)).toContain('delta');
    expect(events.at(-1)?.type).toBe('completed');
  });
});

describe('fallbackToStream through Weft', () => {
  it('lets a background plan run on an endpoint without background mode, as a stream with a job', async () => {
    const weft = h.weft({ fallbackToStream: true }, noBackgroundProfile);
    const convo = await weft.conversation();
    const result = await convo.send('hello from a stateless endpoint').result;
    expect(result.status).toBe('completed');
    expect(result.turn.executionStrategy).toBe('background');
    expect((await jobOf(result.turn.id)).status).toBe('completed');
    // Without the option the plan is refused before anything is stored.
    await expect(h.weft({}, noBackgroundProfile).conversation()).rejects.toMatchObject({ _tag: 'Unsupported' });
  });
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
