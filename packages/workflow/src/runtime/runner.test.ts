import { Effect } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkflowYaml } from '../definition/parse.js';
import { InvalidPayload, NotWaiting, RunStopped } from '../errors.js';
import { localSetup, type LocalSetup } from '../test-support/local.js';
import { buildTriage, lookupOrderTool, triageScript, triageYaml } from '../test-support/triage.js';
import type { WorkflowEvent } from './events.js';
import { createWorkflowRunner } from './runner.js';

describe('the triage workflow', () => {
  let env: LocalSetup;
  beforeEach(async () => {
    env = await localSetup(triageScript);
  });
  afterEach(async () => {
    await env.close();
  });

  it('classifies, branches, calls the tool, waits for approval and summarises', async () => {
    const calls: string[] = [];
    const seen: WorkflowEvent[] = [];
    const runner = createWorkflowRunner({
      weft: env.weft,
      tools: [lookupOrderTool(calls)],
      clock: env.clock,
      ids: env.ids,
      onEvent: (e) => seen.push(e),
    });
    const run = await runner.start(parseWorkflowYaml(triageYaml), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    expect(run.id).toBe('run_0001');

    const waiting: WorkflowEvent[] = [];
    for await (const e of run.events()) {
      if (e.type === 'step.waiting') {
        waiting.push(e);
        break;
      }
    }
    expect(waiting[0]).toMatchObject({
      step: 'approve',
      prompt: 'Refund 42.5 EUR for order A-42?',
    });
    expect(run.status).toBe('waiting');
    expect(calls).toEqual(['A-42']);

    await run.send({ step: 'approve', payload: { approved: true } });
    const result = await run.result;
    expect(result).toMatchObject({
      status: 'completed',
      endStep: 'done',
      output: { category: 'refund', approved: true, summary: 'Refund approved and issued.' },
    });
    expect(seen.map((e) => ('step' in e ? `${e.type}:${e.step}` : e.type))).toEqual([
      'run.started',
      'step.started:classify',
      'step.finished:classify',
      'step.started:route',
      'step.finished:route',
      'step.started:lookup',
      'step.finished:lookup',
      'step.started:approve',
      'step.waiting:approve',
      'step.finished:approve',
      'step.started:summarise',
      'step.finished:summarise',
      'step.started:done',
      'run.finished:done',
    ]);

    // The model turns are a conversation of their own in the turn tree.
    const convo = await env.weft.open(result.conversationId);
    const history = await convo.history();
    expect(history.map((t) => t.id)).toEqual([
      ...(result.steps['classify']?.turnIds ?? []),
      ...(result.steps['summarise']?.turnIds ?? []),
    ]);
    expect(history).toHaveLength(2);

    const [summary] = await runner.list();
    expect(summary).toMatchObject({
      runId: 'run_0001',
      workflowId: 'triage',
      status: 'completed',
      waitingAt: [],
    });
  });

  it('takes the default branch for a question', async () => {
    const runner = createWorkflowRunner({
      weft: env.weft,
      tools: [lookupOrderTool()],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await runner.start(buildTriage().build(), {
      request: 'When do you open?',
      orderId: 'B-1',
    });
    await expect(run.result).resolves.toMatchObject({
      endStep: 'answered',
      output: { category: 'question', answer: 'We open at nine.' },
    });
  });

  it('refuses an invalid payload with a typed error and keeps waiting', async () => {
    const runner = createWorkflowRunner({
      weft: env.weft,
      tools: [lookupOrderTool()],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await runner.start(buildTriage().build(), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    for await (const e of run.events()) if (e.type === 'step.waiting') break;

    const error = await run
      .send({ step: 'approve', payload: { approved: 'yes' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPayload);
    expect(error).toMatchObject({ _tag: 'InvalidPayload', step: 'approve', runId: run.id });
    expect((error as InvalidPayload).issues.join(' ')).toMatch(/approved/);
    expect(run.status).toBe('waiting');
    const stored = await runner.list();
    expect(stored[0]).toMatchObject({ status: 'waiting', waitingAt: ['approve'] });

    await expect(run.send({ step: 'summarise', payload: {} })).rejects.toBeInstanceOf(NotWaiting);

    // A valid payload later still resumes it.
    await run.send({ payload: { approved: false, note: 'too late' } });
    await expect(run.result).resolves.toMatchObject({ output: { approved: false } });
  });

  it('resumes a waiting run in a new runner, from the store alone', async () => {
    const first = createWorkflowRunner({
      weft: env.weft,
      tools: [lookupOrderTool()],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await first.start(buildTriage().build(), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    for await (const e of run.events()) if (e.type === 'step.waiting') break;
    await first.close();
    await expect(run.result).rejects.toBeInstanceOf(RunStopped);

    const weft2 = env.weft;
    const second = createWorkflowRunner({
      weft: weft2,
      tools: [lookupOrderTool()],
      clock: env.clock,
      ids: env.ids,
    });
    // The stored run keeps the definition it started with, whatever the caller now has.
    const resumed = await second.resume(run.id);
    expect(resumed.version).toBe(1);
    expect(resumed.definition).toEqual(buildTriage().build());
    expect(resumed.status).toBe('waiting');
    expect(resumed.waiting).toEqual([
      {
        step: 'approve',
        prompt: 'Refund {{ steps.lookup.output.total }} EUR for order {{ input.orderId }}?',
        schema: expect.any(Object),
      },
    ]);
    await resumed.send({ payload: { approved: true } });
    await expect(resumed.result).resolves.toMatchObject({ endStep: 'done' });
    const record = await Effect.runPromise(env.store.snapshots.load(`workflow:${run.id}`));
    expect(record?.snapshot).toMatchObject({
      status: 'completed',
      definition: { id: 'triage', version: 1 },
    });
  });
});
