import { defineTool } from '@weft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWorkflowYaml } from '../definition/parse.js';
import { RunFailed } from '../errors.js';
import { localSetup, type LocalSetup } from '../test-support/local.js';
import { createWorkflowRunner } from './runner.js';

const fanoutYaml = `
id: fanout
version: 1
input:
  type: object
  properties:
    topic: { type: string }
    items: { type: array, items: { type: number } }
state: { n: 0, total: 0 }
onError: failed
start: count
steps:
  count:
    type: loop
    body: bump
    while: state.n < 3
    maxIterations: 10
    next: fan
  bump:
    type: tool
    tool: add
    args: { value: "{{ state.n }}" }
    assign:
      n: state.n + 1
      total: state.total + output.value
    next: count
  fan:
    type: parallel
    branches: [left, right]
    next: pick
  left:
    type: model
    prompt: "Left view on {{ input.topic }}"
  right:
    type: model
    prompt: "Right view on {{ input.topic }}"
  pick:
    type: parallel
    join: first
    branches: [slow, fast]
    next: each
  slow:
    type: tool
    tool: hang
  fast:
    type: tool
    tool: add
    args: { value: 7 }
  each:
    type: map
    over: input.items
    step: double
    concurrency: 2
    next: done
  double:
    type: tool
    tool: double
    args: { value: "{{ item }}" }
  done:
    type: end
    output:
      n: "{{ state.n }}"
      total: "{{ state.total }}"
      fan: "{{ steps.fan.output }}"
      first: "{{ steps.pick.output }}"
      doubled: "{{ steps.each.output }}"
  failed:
    type: end
    status: failed
    output: { error: "{{ error.message }}", step: "{{ error.step }}" }
`;

describe('control flow', () => {
  let env: LocalSetup;
  const aborted: string[] = [];
  const inFlight = { now: 0, max: 0 };
  const add = defineTool({
    name: 'add',
    description: 'Returns its value.',
    parameters: z.object({ value: z.number() }),
    execute: ({ value }) => ({ value }),
  });
  const hang = defineTool({
    name: 'hang',
    description: 'Never finishes.',
    parameters: z.object({}),
    execute: (_args, { signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push('hang');
          reject(new Error('aborted'));
        }),
      ),
  });
  const double = defineTool({
    name: 'double',
    description: 'Doubles a number.',
    parameters: z.object({ value: z.number() }),
    execute: async ({ value }) => {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight.now--;
      if (value < 0) throw new Error(`cannot double ${value}`);
      return value * 2;
    },
  });

  beforeEach(async () => {
    aborted.length = 0;
    inFlight.max = 0;
    env = await localSetup({
      rules: [
        { match: { input: 'Left view' }, reply: { text: 'From the left.' } },
        { match: { input: 'Right view' }, reply: { text: 'From the right.' } },
      ],
    });
  });
  afterEach(async () => {
    await env.close();
  });

  const runner = () =>
    createWorkflowRunner({
      weft: env.weft,
      tools: [add, hang, double],
      clock: env.clock,
      ids: env.ids,
    });

  it('runs a bounded loop, parallel branches (all and first) and a map with a concurrency limit', async () => {
    const run = await runner().start(parseWorkflowYaml(fanoutYaml), {
      topic: 'tea',
      items: [1, 2, 3, 4, 5],
    });
    const result = await run.result;
    expect(result.output).toEqual({
      n: 3,
      total: 0 + 1 + 2,
      fan: { left: 'From the left.', right: 'From the right.' },
      first: { branch: 'fast', output: { value: 7 } },
      doubled: [2, 4, 6, 8, 10],
    });
    expect(aborted).toEqual(['hang']);
    expect(inFlight.max).toBe(2);
    expect(result.steps['count']?.output).toEqual({ iteration: 3, next: 'fan', exhausted: false });
    // Each parallel model branch writes its own conversation.
    expect(result.steps['left']?.conversationId).toBe(`${run.id}.left`);
    expect(result.steps['right']?.conversationId).toBe(`${run.id}.right`);
    const left = await env.weft.open(`${run.id}.left`);
    expect((await left.history()).map((t) => t.id)).toEqual(result.steps['left']?.turnIds);
  });

  it('stops a loop at its bound and says it was exhausted', async () => {
    const def = parseWorkflowYaml(
      fanoutYaml
        .replace('while: state.n < 3', 'while: "true"')
        .replace('maxIterations: 10', 'maxIterations: 2'),
    );
    const result = await (await runner().start(def, { topic: 't', items: [] })).result;
    expect(result.output).toMatchObject({ n: 2, doubled: [] });
    expect(result.steps['count']?.output).toEqual({ iteration: 2, next: 'fan', exhausted: true });
  });

  it('follows the error path when a map element fails', async () => {
    const result = await (
      await runner().start(parseWorkflowYaml(fanoutYaml), { topic: 't', items: [1, -1, 3] })
    ).result;
    expect(result.status).toBe('failed');
    expect(result.endStep).toBe('failed');
    expect(result.output).toEqual({
      error:
        "Tool double (call run_0001.each.1) failed: cannot double -1. Fix the tool, or set its onError policy to 'return' so the model sees the error.",
      step: 'each',
    });
  });

  it('rejects the result with RunFailed when a branch condition cannot be evaluated and nothing handles it', async () => {
    const def = parseWorkflowYaml(`
id: broken
version: 1
start: route
steps:
  route:
    type: branch
    cases: [{ when: "input.missing.deeper == 1", next: done }]
    default: done
  done: { type: end }
`);
    const run = await runner().start(def, {});
    const error = await run.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailed);
    expect(error).toMatchObject({ step: 'route', causeTag: 'EvaluationError' });
    expect(run.status).toBe('failed');
  });

  it('runs a sub-workflow as a child run', async () => {
    const child = parseWorkflowYaml(`
id: doubler
version: 3
input: { type: object, properties: { value: { type: number } }, required: [value] }
onError: done
start: twice
steps:
  twice: { type: tool, tool: double, args: { value: "{{ input.value }}" }, next: done }
  done: { type: end, output: "{{ steps.twice.output }}" }
`);
    const parent = parseWorkflowYaml(`
id: parent
version: 1
onError: done
start: sub
steps:
  sub: { type: workflow, workflow: doubler, input: { value: 21 }, next: done }
  done: { type: end, output: { answer: "{{ steps.sub.output }}" } }
`);
    const r = createWorkflowRunner({
      weft: env.weft,
      tools: [double],
      workflows: [child],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await r.start(parent);
    await expect(run.result).resolves.toMatchObject({ output: { answer: 42 } });
    const runs = await r.list();
    expect(runs.map((s) => [s.runId, s.workflowId, s.version, s.parentRunId, s.status])).toEqual(
      expect.arrayContaining([
        [run.id, 'parent', 1, null, 'completed'],
        [`${run.id}.sub`, 'doubler', 3, run.id, 'completed'],
      ]),
    );
  });
});
