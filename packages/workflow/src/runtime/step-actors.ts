/**
 * The step actors a run binds into its machine: each reads the live run, does the work, and
 * reports back with `step.turn`, `step.item`, `step.done` or `step.failed`.
 *
 * @module
 */
import { fromCallback } from 'xstate';
import { evaluateAssign } from '../compile/machine-setup.js';
import { scopeOf, type RunEvent, type StepActorInput } from '../compile/machine-types.js';
import { containers } from '../definition/graph.js';
import type { StepDefinition } from '../definition/schema.js';
import { toStepError, type RunHost } from './host.js';
import { runMapStep, runSingleStep } from './run-step.js';
import { traceStep } from './step-span.js';

/** Actor implementations for `machine.provide({ actors })`, bound to one run. */
export function stepActors(host: RunHost) {
  const owners = containers(host.definition);
  const logic = fromCallback<RunEvent, StepActorInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    const name = input.step;
    const send = (event: RunEvent): void => {
      if (!controller.signal.aborted) sendBack(event);
    };
    const step = host.definition.steps[name] as StepDefinition;
    const work = (): Promise<void> =>
      traceStep(host, name, step, async () => {
        // The transition into this step is stored before its work starts.
        await host.flush();
        const context = host.context();
        const output =
          step.type === 'map'
            ? await runMapStep(
                host,
                name,
                step,
                (index, out) => send({ type: 'step.item', step: name, index, output: out }),
                controller.signal,
              )
            : await runSingleStep(host, name, step, scopeOf(context), {
                key: name,
                concurrent:
                  owners.get(name) !== undefined &&
                  host.definition.steps[owners.get(name) as string]?.type === 'parallel',
                recordedTurnIds: context.steps[name]?.turnIds ?? [],
                onTurn: (turnId, conversationId) =>
                  send({ type: 'step.turn', step: name, turnId, conversationId }),
                signal: controller.signal,
              });
        const state = evaluateAssign(step.assign, host.context(), output);
        send({ type: 'step.done', step: name, output, ...(state === undefined ? {} : { state }) });
      });
    work().catch((error: unknown) =>
      send({ type: 'step.failed', step: name, error: toStepError(error) }),
    );
    return () => controller.abort();
  });
  return { model: logic, tool: logic, workflow: logic, map: logic };
}
