import { memoryOtel } from '@weft/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkflowYaml } from '../definition/parse.js';
import { localSetup, type LocalSetup } from '../test-support/local.js';
import { lookupOrderTool, triageScript, triageYaml } from '../test-support/triage.js';
import { createWorkflowRunner } from './runner.js';

describe('workflow tracing', () => {
  let env: LocalSetup;
  const otel = memoryOtel();
  beforeEach(async () => {
    otel.reset();
    env = await localSetup(triageScript, { telemetry: { tracer: otel.tracer } });
  });
  afterEach(async () => {
    await env.close();
  });

  it('makes a span per step, and the model steps send their turns', async () => {
    const runner = createWorkflowRunner({
      weft: env.weft,
      tools: [lookupOrderTool([])],
      clock: env.clock,
      ids: env.ids,
    });
    const run = await runner.start(parseWorkflowYaml(triageYaml), {
      request: 'I want my money back',
      orderId: 'A-42',
    });
    for await (const e of run.events()) if (e.type === 'step.waiting') break;
    await run.send({ step: 'approve', payload: { approved: true } });
    await run.result;
    const spans = otel.spans();
    const steps = spans.filter((s) => s.name.startsWith('weft.workflow.step '));
    expect(steps.map((s) => s.attributes['weft.workflow.step'])).toEqual([
      'classify',
      'lookup',
      'summarise',
    ]);
    for (const s of steps) expect(s.attributes['weft.workflow.run_id']).toBe(run.id);
    expect(spans.filter((s) => s.name === 'weft.turn').length).toBeGreaterThanOrEqual(2);
  });
});
