/**
 * A definition as an XState machine config: plain JSON whose guards, actions and actors are named
 * by string with their parameters, so the same object is the machine and its export.
 *
 * @module
 */
import { errorTarget } from '../definition/graph.js';
import type { StepDefinition, WorkflowDefinition } from '../definition/schema.js';

/** A state node config as JSON. */
export type StateConfig = { readonly [key: string]: unknown };

/** The state a run enters on an unhandled failure. */
export const failedState = '__failed';

const isStep = (step: string) => ({ type: 'isStep', params: { step } });

/** The step-actor kinds and the actor slot each uses. */
const actorOf: Partial<Record<StepDefinition['type'], string>> = {
  model: 'model',
  tool: 'tool',
  workflow: 'workflow',
  map: 'map',
};

function invoked(
  name: string,
  step: StepDefinition,
  next: string,
  onError: string,
  container?: string,
): StateConfig {
  const turn = { 'step.turn': { guard: isStep(name), actions: 'recordTurn' } };
  const item =
    step.type === 'map' ? { 'step.item': { guard: isStep(name), actions: 'recordItem' } } : {};
  return {
    entry: [{ type: 'stepStarted', params: { step: name, kind: step.type } }],
    invoke: { id: name, src: actorOf[step.type], input: { step: name } },
    on: {
      ...turn,
      ...item,
      'step.done': {
        guard: isStep(name),
        target: next,
        actions: [{ type: 'stepDone', params: { step: name } }],
      },
      'step.failed': {
        guard: isStep(name),
        target: onError,
        actions: [
          {
            type: 'stepFailed',
            params: container === undefined ? { step: name } : { step: name, container },
          },
        ],
      },
    },
  };
}

function stateOf(def: WorkflowDefinition, name: string, step: StepDefinition): StateConfig {
  const onError = errorTarget(def, step) ?? failedState;
  const title = step.title === undefined ? {} : { description: step.title };
  const assign = step.assign === undefined ? {} : { assign: step.assign };
  switch (step.type) {
    case 'model':
    case 'tool':
    case 'workflow':
    case 'map':
      return { ...title, ...invoked(name, step, step.next ?? failedState, onError) };
    case 'branch':
      return {
        ...title,
        entry: [
          {
            type: 'decideBranch',
            params: { step: name, cases: step.cases, default: step.default, ...assign },
          },
        ],
        always: [
          ...[...new Set([...step.cases.map((c) => c.next), step.default])].map((target) => ({
            guard: { type: 'chose', params: { step: name, target } },
            target,
          })),
          { target: def.onError ?? failedState },
        ],
      };
    case 'loop':
      return {
        ...title,
        entry: [
          {
            type: 'decideLoop',
            params: {
              step: name,
              body: step.body,
              next: step.next,
              maxIterations: step.maxIterations,
              ...(step.while === undefined ? {} : { while: step.while }),
              ...assign,
            },
          },
        ],
        always: [
          {
            guard: { type: 'chose', params: { step: name, target: step.body } },
            target: step.body,
          },
          {
            guard: { type: 'chose', params: { step: name, target: step.next } },
            target: step.next,
          },
          { target: def.onError ?? failedState },
        ],
      };
    case 'parallel': {
      const regions: Record<string, StateConfig> = {};
      const escape = `#${def.id}.${onError}`;
      for (const branch of step.branches) {
        const member = def.steps[branch] as StepDefinition;
        regions[branch] = {
          initial: 'running',
          states: {
            running: invoked(branch, member, 'done', escape, name),
            done: { type: 'final' },
          },
        };
      }
      const join = {
        target: step.next,
        actions: [
          {
            type: 'parallelDone',
            params: { step: name, branches: step.branches, join: step.join },
          },
        ],
      };
      return {
        ...title,
        type: 'parallel',
        entry: [{ type: 'stepStarted', params: { step: name, kind: 'parallel' } }],
        states: regions,
        ...(step.join === 'all'
          ? { onDone: join }
          : {
              always: { guard: { type: 'anyDone', params: { branches: step.branches } }, ...join },
            }),
      };
    }
    case 'wait':
      return {
        ...title,
        entry: [
          {
            type: 'waitStarted',
            params: {
              step: name,
              ...(step.prompt === undefined ? {} : { prompt: step.prompt }),
              ...(step.schema === undefined ? {} : { schema: step.schema }),
            },
          },
        ],
        on: {
          'step.done': {
            guard: isStep(name),
            target: step.next,
            actions: [{ type: 'stepDone', params: { step: name } }],
          },
        },
      };
    case 'end':
      return {
        ...title,
        type: 'final',
        entry: [
          {
            type: 'endReached',
            params: {
              step: name,
              status: step.status,
              ...(step.output === undefined ? {} : { output: step.output }),
            },
          },
        ],
      };
  }
}

/** Steps that run inside a parallel or map step get no top-level state of their own. */
function members(def: WorkflowDefinition): Set<string> {
  const inside = new Set<string>();
  for (const step of Object.values(def.steps)) {
    if (step.type === 'parallel') for (const b of step.branches) inside.add(b);
    if (step.type === 'map') inside.add(step.step);
  }
  return inside;
}

/**
 * The machine config of a definition, as JSON.
 *
 * @example
 * const config = machineConfig(definition); // { id, initial, states: { classify: { invoke: … } } }
 */
export function machineConfig(def: WorkflowDefinition): StateConfig {
  const inside = members(def);
  const states: Record<string, StateConfig> = {};
  for (const [name, step] of Object.entries(def.steps)) {
    if (!inside.has(name)) states[name] = stateOf(def, name, step);
  }
  states[failedState] = {
    type: 'final',
    entry: ['runFailed'],
    description: 'An unhandled failure ended the run.',
  };
  return {
    id: def.id,
    initial: def.start,
    ...(def.description === undefined ? {} : { description: def.description }),
    states,
  };
}
