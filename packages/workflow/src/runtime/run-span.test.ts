import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { memoryOtel } from '@weft/core/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkflowYaml } from '../definition/parse.js';
import { localSetup, type LocalSetup } from '../test-support/local.js';
import { lookupOrderTool, triageScript, triageYaml } from '../test-support/triage.js';
import { registerAsyncContext } from './otel.test-support.js';
import { createWorkflowRunner, type WorkflowRunner } from './runner.js';
import type { WorkflowRun } from './run.js';

const otel = memoryOtel();
const tracer = otel.tracer;
let unregister: () => void;
beforeAll(() => {
  unregister = registerAsyncContext();
});
afterAll(() => unregister());

let env: LocalSetup;
beforeEach(async () => {
  otel.reset();
  env = await localSetup(triageScript, { telemetry: { tracer } });
});
afterEach(async () => {
  await env.close();
});

const runner = (): WorkflowRunner =>
  createWorkflowRunner({
    weft: env.weft,
    tools: [lookupOrderTool([])],
    clock: env.clock,
    ids: env.ids,
  });

/** The tree below `root` as indented names, children in start order. */
function treeOf(spans: readonly ReadableSpan[], root: ReadableSpan): string[] {
  const byStart = [...spans].sort(
    (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
  );
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${span.name}`);
    for (const child of byStart)
      if (child.parentSpanContext?.spanId === span.spanContext().spanId) walk(child, depth + 1);
  };
  walk(root, 0);
  return lines;
}

const runSpans = (): ReadableSpan[] =>
  otel.spans().filter((s) => s.name === 'weft.workflow.run triage');

async function untilWaiting(run: WorkflowRun): Promise<void> {
  for await (const e of run.events()) if (e.type === 'step.waiting') return;
}

const modelTurn = ['    weft.send', '      weft.turn', '        chat scripted-1'];

describe('the span tree of a workflow run', () => {
  it('a run span over its steps; the turns a model step sends hang under the step', async () => {
    const r = runner();
    const run = await r.start(parseWorkflowYaml(triageYaml), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    await untilWaiting(run);
    await run.send({ step: 'approve', payload: { approved: true } });
    const result = await run.result;
    expect(result.status).toBe('completed');

    const [span, ...others] = runSpans();
    expect(others).toEqual([]);
    const root = span as ReadableSpan;
    expect(root.parentSpanContext).toBeUndefined();
    expect(treeOf(otel.spans(), root)).toEqual([
      'weft.workflow.run triage',
      '  weft.workflow.step classify',
      ...modelTurn,
      '  weft.workflow.step lookup',
      '  weft.workflow.step summarise',
      ...modelTurn,
    ]);
    expect(root.attributes).toMatchObject({
      'weft.workflow.id': 'triage',
      'weft.workflow.run_id': run.id,
      'weft.workflow.version': 1,
      'weft.workflow.resumed': false,
      'weft.workflow.status': 'completed',
      'weft.workflow.end_step': 'done',
    });
    expect(root.status.code).not.toBe(SpanStatusCode.ERROR);
    // The branch has no work of its own: it shows as the run's progress events.
    const started = root.events
      .filter((e) => e.name === 'step.started')
      .map((e) => e.attributes?.['weft.workflow.step']);
    expect(started).toEqual(['classify', 'route', 'lookup', 'approve', 'summarise', 'done']);
    expect(root.events.map((e) => e.name)).toContain('step.waiting');
    // Every span of the run is in one trace.
    const traces = new Set(otel.spans().map((s) => s.spanContext().traceId));
    expect([...traces]).toEqual([root.spanContext().traceId]);
  });

  it('a run resumed after a restart is a new run span with weft.workflow.resumed=true', async () => {
    const first = runner();
    const run = await first.start(parseWorkflowYaml(triageYaml), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    await untilWaiting(run);
    await first.close();
    const [stopped] = runSpans();
    expect(stopped?.attributes).toMatchObject({
      'weft.workflow.status': 'stopped',
      'weft.workflow.resumed': false,
    });

    const second = runner();
    const resumed = await second.resume(run.id);
    await resumed.send({ step: 'approve', payload: { approved: false } });
    await resumed.result;
    const spans = runSpans();
    expect(spans).toHaveLength(2);
    const again = spans.find((s) => s !== stopped) as ReadableSpan;
    expect(again.attributes).toMatchObject({
      'weft.workflow.run_id': run.id,
      'weft.workflow.resumed': true,
      'weft.workflow.status': 'completed',
    });
    expect(again.spanContext().traceId).not.toBe(stopped?.spanContext().traceId);
    expect(treeOf(otel.spans(), again)).toEqual([
      'weft.workflow.run triage',
      '  weft.workflow.step summarise',
      ...modelTurn,
    ]);
    await second.close();
  });

  it('a failing tool step fails its step span with the typed tag; the run ends at its failure step', async () => {
    const r = createWorkflowRunner({
      weft: env.weft,
      tools: [
        lookupOrderTool([], () => {
          throw new Error('the order service is down');
        }),
      ],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await r.start(parseWorkflowYaml(triageYaml), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    const result = await run.result;
    expect(result.status).toBe('failed');
    const lookup = otel
      .spans()
      .find((s) => s.name === 'weft.workflow.step lookup') as ReadableSpan;
    expect(lookup.attributes['error.type']).toBe('ToolFailed');
    expect(lookup.status.code).toBe(SpanStatusCode.ERROR);
    const [root] = runSpans();
    expect(root?.attributes).toMatchObject({
      'weft.workflow.status': 'failed',
      'weft.workflow.end_step': 'failed',
      'error.type': 'WorkflowFailed',
    });
    expect(root?.status.code).toBe(SpanStatusCode.ERROR);
  });
});
