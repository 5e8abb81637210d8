/**
 * A workflow as XState machine JSON, for Stately's visualiser and editor.
 *
 * @module
 */
import { initialContext } from '../compile/compile.js';
import { machineConfig, type StateConfig } from '../compile/machine-config.js';
import type { WorkflowDefinition } from '../definition/schema.js';

/**
 * The compiled machine config as JSON: the states, transitions, guards, actions and invoked actors
 * the runner executes, with a sample initial context. Paste it into Stately's visualiser
 * (stately.ai/viz) or import it in Stately Studio.
 *
 * @example
 * writeFileSync('triage.machine.json', JSON.stringify(toXStateJSON(definition), null, 2));
 */
export function toXStateJSON(def: WorkflowDefinition): StateConfig {
  const context = initialContext({
    runId: 'run',
    workflowId: def.id,
    version: def.version,
    parentRunId: null,
    input: null,
    state: def.state ?? {},
  });
  return JSON.parse(JSON.stringify({ ...machineConfig(def), context })) as StateConfig;
}
