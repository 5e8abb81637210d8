/**
 * Runs one model, tool or workflow step (at the top level, as a parallel branch, or for one map
 * element), and map steps over their list with a concurrency limit.
 *
 * @module
 */
import type { Scope } from '../compile/machine-types.js';
import { scopeOf } from '../compile/machine-types.js';
import type { MapStepDefinition, StepDefinition } from '../definition/schema.js';
import { evaluateCel } from '../expr/cel.js';
import { renderValue } from '../expr/template.js';
import { type RunHost } from './host.js';
import { runModelStep } from './model-step.js';
import { runToolStep } from './tool-step.js';

/** Where a step runs: its own identity for conversations, call ids and child runs. */
export interface StepPlace {
  /** `classify`, or `items.3` for the fourth element of map step `items`. */
  readonly key: string;
  /** Whether this place runs beside others (a parallel branch, a map element). */
  readonly concurrent: boolean;
  readonly recordedTurnIds: readonly string[];
  readonly onTurn: (turnId: string, conversationId: string) => void;
  readonly signal: AbortSignal;
}

/** Runs a model, tool or workflow step and returns its output. */
export async function runSingleStep(
  host: RunHost,
  name: string,
  step: StepDefinition,
  scope: Scope,
  place: StepPlace,
): Promise<unknown> {
  switch (step.type) {
    case 'model':
      return runModelStep(host, {
        name,
        step,
        scope,
        conversationId: place.concurrent ? `${host.runId}.${place.key}` : host.runId,
        forkFromMain: place.concurrent,
        recordedTurnIds: place.recordedTurnIds,
        onTurn: place.onTurn,
        signal: place.signal,
      });
    case 'tool':
      return runToolStep(host, name, step, scope, `${host.runId}.${place.key}`, place.signal);
    case 'workflow':
      return host.runChild(
        `${host.runId}.${place.key}`,
        step.workflow,
        renderValue(step.input ?? null, scope),
        place.signal,
      );
    default:
      throw new TypeError(`step ${name} is a ${step.type} step, which does not run as an actor`);
  }
}

/** Runs a map step: its member once per element, at most `concurrency` at once; done elements are skipped. */
export async function runMapStep(
  host: RunHost,
  name: string,
  step: MapStepDefinition,
  onItem: (index: number, output: unknown) => void,
  signal: AbortSignal,
): Promise<unknown[]> {
  const context = host.context();
  const list = evaluateCel(step.over, scopeOf(context) as unknown as Record<string, unknown>);
  if (!Array.isArray(list)) {
    throw new TypeError(
      `map step ${name}: \`${step.over}\` gave ${list === null ? 'null' : typeof list}, not a list`,
    );
  }
  const member = host.definition.steps[step.step] as StepDefinition;
  const done: Record<string, unknown> = { ...(context.steps[name]?.items ?? {}) };
  const pending = list.map((_, i) => i).filter((i) => !(String(i) in done));
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (
      let index = pending.shift();
      index !== undefined && failure === undefined;
      index = pending.shift()
    ) {
      try {
        const output = await runSingleStep(
          host,
          step.step,
          member,
          scopeOf(host.context(), { item: list[index], index }),
          {
            key: `${name}.${index}`,
            concurrent: true,
            recordedTurnIds: [],
            onTurn: () => undefined,
            signal: controller.signal,
          },
        );
        done[String(index)] = output;
        onItem(index, output);
      } catch (error) {
        failure ??= { error };
        controller.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(step.concurrency, pending.length) }, worker));
  } finally {
    signal.removeEventListener('abort', abort);
  }
  if (failure !== undefined) throw failure.error;
  return list.map((_, i) => done[String(i)] ?? null);
}
