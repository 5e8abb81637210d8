import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidWorkflow } from '../errors.js';
import { buildTriage, triageYaml } from '../test-support/triage.js';
import { workflow } from './builder.js';
import { parseWorkflow, parseWorkflowYaml, validateWorkflow } from './parse.js';

const issuesOf = (raw: unknown, options = {}) => {
  const result = validateWorkflow(raw, options);
  return result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('workflow documents', () => {
  it('the builder produces exactly the parsed YAML document', () => {
    expect(buildTriage().build()).toEqual(parseWorkflowYaml(triageYaml));
  });

  it('accepts zod schemas and tool objects in the builder', () => {
    const def = workflow('z')
      .input(z.object({ text: z.string() }))
      .onError('end')
      .model('ask', {
        prompt: '{{ input.text }}',
        output: z.object({ ok: z.boolean() }),
        next: 'end',
      })
      .end('end')
      .build();
    expect(def.input).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
    expect(def.steps['ask']).toMatchObject({
      output: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    expect(def.start).toBe('ask');
  });

  it('reports every schema problem at once, each with its dotted path', () => {
    const issues = issuesOf({
      id: 'bad id',
      version: 0,
      start: 'a',
      steps: {
        a: { type: 'model', nxt: 'b', onError: 'e' },
        b: { type: 'teleport' },
        c: { type: 'loop', body: 'a', next: 'e' },
        e: { type: 'end' },
      },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'id: expected a workflow id (1-64 letters, digits, _ or -)',
        'version: Too small: expected number to be >=1',
        'steps.a.prompt: required: expected string',
        'steps.a.nxt: unknown field "nxt"',
        'steps.b.type: expected one of model, tool, branch, loop, parallel, map, wait, workflow, end',
        'steps.c.maxIterations: required: expected number',
      ]),
    );
  });

  it('reports every static problem at once, each with its path', () => {
    const issues = issuesOf(
      {
        id: 'checks',
        version: 1,
        start: 'ask',
        steps: {
          ask: {
            type: 'model',
            prompt: 'Hi {{ steps.later.output }} {{ input.nope }}',
            next: 'route',
          },
          route: {
            type: 'branch',
            cases: [
              { when: 'steps.ask.output ==', next: 'call' },
              { when: "steps.ask.output == 'x'", next: 'nowhere' },
            ],
            default: 'ask',
          },
          call: { type: 'tool', tool: 'missing_tool', next: 'later', onError: 'done' },
          later: {
            type: 'model',
            prompt: '{{ steps.ask.output.category }}',
            next: 'done',
            onError: 'done',
          },
          island: { type: 'end' },
          done: { type: 'end' },
        },
        input: { type: 'object', properties: { text: { type: 'string' } } },
      },
      { tools: ['other_tool'] },
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'steps.route.cases.1.next: no step named "nowhere"; expected one of ask, route, call, later, island, done',
        'steps.ask.onError: a model step can fail but has no error path; set onError here or at the workflow level',
        'steps.island: no path from the start step "ask" leads here',
        'steps.route.default: steps ask → route form a loop without a bound; route it through a loop step with maxIterations',
        'steps.call.tool: no tool named "missing_tool" is registered with the runner',
        expect.stringMatching(/^steps\.route\.cases\.0\.when: not a valid CEL expression/),
        'steps.ask.prompt: "input.nope" reads input.nope, which the input schema does not declare (expected one of text)',
      ]),
    );
    // `later` runs after `ask` on some path… and `ask` after `later` only through the unbounded loop.
    expect(issues.some((i) => i.startsWith('steps.later.prompt'))).toBe(false);
  });

  it('flags reading an output no earlier step produces', () => {
    const issues = issuesOf({
      id: 'refs',
      version: 1,
      start: 'a',
      onError: 'end',
      steps: {
        a: {
          type: 'tool',
          tool: 't',
          args: { x: '{{ steps.b.output }}', y: '{{ state.ghost }}' },
          next: 'b',
        },
        b: {
          type: 'model',
          prompt: '{{ steps.a.output }}',
          output: { type: 'object', properties: { c: { type: 'string' } } },
          next: 'd',
        },
        d: { type: 'end', output: '{{ steps.b.output.nope }}' },
        end: { type: 'end' },
      },
    });
    expect(issues).toEqual([
      'steps.a.args: "steps.b.output" reads the output of step "b", which never runs before step "a"',
      'steps.a.args: "state.ghost" reads state variable "ghost", which neither state nor any assign declares',
      'steps.d.output: "steps.b.output.nope": the output schema of step "b" has no property "nope" (expected one of c)',
    ]);
  });

  it('accepts a loop back-edge through a loop step, and checks parallel and map members', () => {
    const ok = validateWorkflow({
      id: 'loops',
      version: 1,
      start: 'again',
      onError: 'done',
      state: { n: 0 },
      steps: {
        again: { type: 'loop', body: 'work', while: 'state.n < 3', maxIterations: 5, next: 'fan' },
        work: { type: 'tool', tool: 't', assign: { n: 'state.n + 1' }, next: 'again' },
        fan: { type: 'parallel', branches: ['p1', 'p2'], next: 'each' },
        p1: { type: 'tool', tool: 't' },
        p2: { type: 'model', prompt: 'x' },
        each: { type: 'map', over: '[1, 2, 3]', step: 'item', next: 'done' },
        item: { type: 'tool', tool: 't', args: { value: '{{ item }}' } },
        done: { type: 'end' },
      },
    });
    expect(ok.issues).toEqual([]);

    const bad = issuesOf({
      id: 'members',
      version: 1,
      start: 'fan',
      onError: 'done',
      steps: {
        fan: { type: 'parallel', branches: ['p1', 'w'], next: 'p1' },
        p1: { type: 'tool', tool: 't', next: 'done', args: { i: '{{ item }}' } },
        w: { type: 'wait', next: 'done' },
        done: { type: 'end' },
      },
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        'steps.fan.branches.1: step "w" is a wait step; a parallel step runs model, tool or workflow steps',
        'steps.fan.next: step "p1" runs inside fan; other steps cannot lead to it',
        'steps.p1.next: this step runs inside fan, which decides what comes next; remove next',
        'steps.p1.args: "item": item is only defined in a step run by a map step',
      ]),
    );
  });

  it('throws InvalidWorkflow with all issues, and says so in the message', () => {
    const error = (() => {
      try {
        parseWorkflow({ id: 'x', version: 1, start: 'nope', steps: { a: { type: 'end' } } });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidWorkflow);
    expect((error as InvalidWorkflow).issues.map((i) => i.path)).toEqual(['start']);
    expect((error as InvalidWorkflow).message).toContain('start: no step named "nope"');
  });

  it('turns broken YAML into InvalidWorkflow', () => {
    expect(() => parseWorkflowYaml('id: [unclosed')).toThrow(InvalidWorkflow);
  });
});
