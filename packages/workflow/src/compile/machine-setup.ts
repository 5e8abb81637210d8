/**
 * The implementations every workflow machine shares: guards and actions named in the compiled
 * config, and typed placeholder slots for the step actors, which the runner binds with
 * `machine.provide({ actors })`.
 *
 * @module
 */
import { enqueueActions, fromCallback, setup } from 'xstate';
import { evaluateCel } from '../expr/cel.js';
import { renderText, renderValue } from '../expr/template.js';
import {
  scopeOf,
  type RunContext,
  type RunEmitted,
  type RunEvent,
  type RunInput,
  type StepActorInput,
  type StepError,
  type StepRecord,
} from './machine-types.js';

const unbound = (kind: string) =>
  fromCallback<RunEvent, StepActorInput>(({ input, sendBack }) => {
    sendBack({
      type: 'step.failed',
      step: input.step,
      error: {
        tag: 'NotProvided',
        message: `no ${kind} actor is bound; run workflows through createWorkflowRunner`,
      },
    });
  });

const errorOf = (error: unknown): StepError => ({
  tag: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});

const withStep = (context: RunContext, step: string, record: StepRecord): RunContext['steps'] => ({
  ...context.steps,
  [step]: record,
});

/** Evaluates `assign` entries over a scope; returns the new state variables. */
export function evaluateAssign(
  assign: Readonly<Record<string, string>> | undefined,
  context: RunContext,
  output: unknown,
): Record<string, unknown> | undefined {
  if (assign === undefined) return undefined;
  const scope = { ...scopeOf(context, { output }) };
  const updates: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(assign))
    updates[name] = evaluateCel(expr, scope as unknown as Record<string, unknown>);
  return updates;
}

/** Parameters of the `decideBranch` action. */
export interface BranchParams {
  readonly step: string;
  readonly cases: readonly { readonly when: string; readonly next: string }[];
  readonly default: string;
  readonly assign?: Readonly<Record<string, string>> | undefined;
}

/** Parameters of the `decideLoop` action. */
export interface LoopParams {
  readonly step: string;
  readonly body: string;
  readonly next: string;
  readonly while?: string | undefined;
  readonly maxIterations: number;
  readonly assign?: Readonly<Record<string, string>> | undefined;
}

/** The shared machine setup. */
export const workflowSetup = setup({
  types: {} as {
    context: RunContext;
    events: RunEvent;
    input: RunInput;
    emitted: RunEmitted;
  },
  actors: {
    model: unbound('model'),
    tool: unbound('tool'),
    workflow: unbound('workflow'),
    map: unbound('map'),
  },
  guards: {
    isStep: ({ event }, params: { step: string }) => 'step' in event && event.step === params.step,
    chose: ({ context }, params: { step: string; target: string }) => {
      const record = context.steps[params.step];
      return (
        record?.status === 'done' &&
        (record.output as { next?: string } | undefined)?.next === params.target
      );
    },
    anyDone: ({ context }, params: { branches: readonly string[] }) =>
      params.branches.some((b) => context.steps[b]?.status === 'done'),
  },
  actions: {
    stepStarted: enqueueActions(({ context, enqueue }, params: { step: string; kind: string }) => {
      enqueue.assign({ steps: withStep(context, params.step, { status: 'running', turnIds: [] }) });
      enqueue.emit({ type: 'step.started', step: params.step, kind: params.kind });
    }),
    recordTurn: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'step.turn') return;
      const record = context.steps[event.step] ?? { status: 'running' };
      enqueue.assign({
        steps: withStep(context, event.step, {
          ...record,
          turnIds: [...(record.turnIds ?? []), event.turnId],
          conversationId: event.conversationId,
        }),
      });
    }),
    recordItem: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'step.item') return;
      const record = context.steps[event.step] ?? { status: 'running' };
      enqueue.assign({
        steps: withStep(context, event.step, {
          ...record,
          items: { ...record.items, [String(event.index)]: event.output },
        }),
      });
    }),
    stepDone: enqueueActions(({ context, event, enqueue }, params: { step: string }) => {
      if (event.type !== 'step.done') return;
      const record = context.steps[params.step];
      const kept =
        record?.turnIds === undefined
          ? {}
          : { turnIds: record.turnIds, conversationId: record.conversationId };
      enqueue.assign({
        steps: withStep(context, params.step, { status: 'done', output: event.output, ...kept }),
        state: event.state === undefined ? context.state : { ...context.state, ...event.state },
      });
      enqueue.emit({ type: 'step.finished', step: params.step, output: event.output });
    }),
    stepFailed: enqueueActions(
      ({ context, event, enqueue }, params: { step: string; container?: string }) => {
        if (event.type !== 'step.failed') return;
        const record = context.steps[params.step];
        let steps = withStep(context, params.step, {
          ...record,
          status: 'failed',
          error: event.error,
        });
        enqueue.emit({ type: 'step.failed', step: params.step, error: event.error });
        let at = params.step;
        if (params.container !== undefined) {
          const error = {
            tag: event.error.tag,
            message: `branch ${params.step}: ${event.error.message}`,
          };
          steps = { ...steps, [params.container]: { status: 'failed', error } };
          enqueue.emit({ type: 'step.failed', step: params.container, error });
          at = params.container;
        }
        enqueue.assign({ steps, error: { step: at, ...(steps[at]?.error ?? event.error) } });
      },
    ),
    waitStarted: enqueueActions(
      ({ context, enqueue }, params: { step: string; prompt?: string; schema?: unknown }) => {
        enqueue.assign({ steps: withStep(context, params.step, { status: 'waiting' }) });
        enqueue.emit({ type: 'step.started', step: params.step, kind: 'wait' });
        enqueue.emit({
          type: 'step.waiting',
          step: params.step,
          prompt:
            params.prompt === undefined ? undefined : renderText(params.prompt, scopeOf(context)),
          schema: params.schema,
        });
      },
    ),
    decideBranch: enqueueActions(({ context, enqueue }, params: BranchParams) => {
      enqueue.emit({ type: 'step.started', step: params.step, kind: 'branch' });
      try {
        const scope = scopeOf(context) as unknown as Record<string, unknown>;
        const index = params.cases.findIndex((c) => evaluateCel(c.when, scope) === true);
        const output = {
          case: index === -1 ? 'default' : index,
          next: index === -1 ? params.default : (params.cases[index] as { next: string }).next,
        };
        const state = evaluateAssign(params.assign, context, output);
        enqueue.assign({
          steps: withStep(context, params.step, { status: 'done', output }),
          state: { ...context.state, ...state },
        });
        enqueue.emit({ type: 'step.finished', step: params.step, output });
      } catch (cause) {
        const error = errorOf(cause);
        enqueue.assign({
          steps: withStep(context, params.step, { status: 'failed', error }),
          error: { step: params.step, ...error },
        });
        enqueue.emit({ type: 'step.failed', step: params.step, error });
      }
    }),
    decideLoop: enqueueActions(({ context, enqueue }, params: LoopParams) => {
      enqueue.emit({ type: 'step.started', step: params.step, kind: 'loop' });
      try {
        const done = context.loops[params.step] ?? 0;
        const scope = scopeOf(context) as unknown as Record<string, unknown>;
        const wants = params.while === undefined || evaluateCel(params.while, scope) === true;
        const again = wants && done < params.maxIterations;
        const output = again
          ? { iteration: done + 1, next: params.body, exhausted: false }
          : { iteration: done, next: params.next, exhausted: wants };
        const state = evaluateAssign(params.assign, context, output);
        enqueue.assign({
          steps: withStep(context, params.step, { status: 'done', output }),
          loops: { ...context.loops, [params.step]: again ? done + 1 : 0 },
          state: { ...context.state, ...state },
        });
        enqueue.emit({ type: 'step.finished', step: params.step, output });
      } catch (cause) {
        const error = errorOf(cause);
        enqueue.assign({
          steps: withStep(context, params.step, { status: 'failed', error }),
          error: { step: params.step, ...error },
        });
        enqueue.emit({ type: 'step.failed', step: params.step, error });
      }
    }),
    parallelDone: enqueueActions(
      (
        { context, enqueue },
        params: { step: string; branches: readonly string[]; join: 'all' | 'first' },
      ) => {
        const finished = params.branches.filter((b) => context.steps[b]?.status === 'done');
        const output =
          params.join === 'first'
            ? {
                branch: finished[0] ?? null,
                output: context.steps[finished[0] ?? '']?.output ?? null,
              }
            : Object.fromEntries(params.branches.map((b) => [b, context.steps[b]?.output ?? null]));
        enqueue.assign({ steps: withStep(context, params.step, { status: 'done', output }) });
        enqueue.emit({ type: 'step.finished', step: params.step, output });
      },
    ),
    endReached: enqueueActions(
      (
        { context, enqueue },
        params: { step: string; output?: unknown; status: 'completed' | 'failed' },
      ) => {
        const output =
          params.output === undefined ? null : renderValue(params.output, scopeOf(context));
        enqueue.assign({
          steps: withStep(context, params.step, { status: 'done', output }),
          status: params.status,
          output,
          endStep: params.step,
        });
        enqueue.emit({ type: 'step.started', step: params.step, kind: 'end' });
        enqueue.emit({ type: 'run.finished', step: params.step, status: params.status, output });
      },
    ),
    runFailed: enqueueActions(({ context, enqueue }) => {
      const error = context.error ?? {
        step: '(unknown)',
        tag: 'RunFailed',
        message: 'the run failed',
      };
      enqueue.assign({ status: 'failed' });
      enqueue.emit({
        type: 'run.failed',
        step: error.step,
        error: { tag: error.tag, message: error.message },
      });
    }),
  },
});
