import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parseWorkflowYaml } from '../definition/parse.js';
import { triageYaml } from '../test-support/triage.js';
import { toMermaid } from './mermaid.js';
import { toXStateJSON } from './xstate-json.js';

const triage = parseWorkflowYaml(triageYaml);

describe('exports', () => {
  it('renders Mermaid with a node per step and labelled edges', () => {
    const chart = toMermaid(triage);
    expect(chart.split('\n').slice(0, 4)).toEqual([
      'flowchart TD',
      '  __start((start)) --> classify',
      '  classify["classify<br/><i>model</i>"]',
      '  route{"route<br/><i>branch</i>"}',
    ]);
    expect(chart).toContain(`  route -->|"steps.classify.output.category == 'refund'"| lookup`);
    expect(chart).toContain('  route -->|"otherwise"| answer');
    expect(chart).toContain('  classify -. error .-> failed');
    expect(chart).toContain('  lookup[["lookup<br/><i>tool</i><br/>tool lookup_order"]]');
    expect(chart).toContain('  approve(["approve<br/><i>wait</i>"])');
  });

  it('exports XState JSON that XState itself accepts as a machine', () => {
    const json = toXStateJSON(triage);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({
      id: 'triage',
      initial: 'classify',
      states: {
        classify: { invoke: { src: 'model', input: { step: 'classify' } } },
        approve: { on: { 'step.done': { target: 'summarise' } } },
        done: { type: 'final' },
      },
    });
    const machine = createMachine(json as never);
    expect(Object.keys(machine.root.states)).toEqual([
      'classify',
      'route',
      'lookup',
      'approve',
      'summarise',
      'answer',
      'done',
      'answered',
      'failed',
      '__failed',
    ]);
    // Without the runner's actors the visualiser-only machine still starts (it has no implementations).
    expect(() => createActor(machine).getSnapshot()).not.toThrow();
  });
});
