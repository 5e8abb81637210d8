/**
 * Compiling a definition to an XState v5 machine.
 *
 * @module
 */
import type { WorkflowDefinition } from '../definition/schema.js';
import { machineConfig } from './machine-config.js';
import type { RunContext, RunInput } from './machine-types.js';
import { workflowSetup } from './machine-setup.js';

/** The initial context of a run. */
export function initialContext(input: RunInput): RunContext {
  return {
    runId: input.runId,
    workflowId: input.workflowId,
    version: input.version,
    parentRunId: input.parentRunId,
    input: input.input,
    state: input.state,
    steps: {},
    loops: {},
    error: null,
    status: 'running',
    output: null,
    endStep: null,
  };
}

/**
 * Compiles a definition to an XState machine. Step actors are placeholders: bind them with
 * `machine.provide({ actors })`, as the runner does.
 *
 * @example
 * const machine = compileWorkflow(definition);
 */
export function compileWorkflow(def: WorkflowDefinition) {
  const config = machineConfig(def);
  return workflowSetup.createMachine({
    ...(config as object),
    context: ({ input }: { input: RunInput }) => initialContext(input),
  } as never);
}

/** A compiled workflow machine. */
export type WorkflowMachine = ReturnType<typeof compileWorkflow>;
