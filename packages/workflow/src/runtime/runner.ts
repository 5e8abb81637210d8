/**
 * The runner: starts runs of workflow definitions, resumes stored runs in any process, and lists
 * them. Tools and sub-workflows are resolved by name from what it is given.
 *
 * @module
 */
import {
  outputSchema,
  systemClock,
  randomIds,
  type ClockShape,
  type Conversation,
  type IdGeneratorShape,
  type SnapshotStoreShape,
  type Tool,
  type Weft,
} from '@weft/core';
import { parseWorkflow } from '../definition/parse.js';
import type { WorkflowDefinition, WorkflowDocumentInput } from '../definition/schema.js';
import { InvalidInput, RunNotFound, StepFailed, UnknownReference } from '../errors.js';
import type { WorkflowEvent } from './events.js';
import { toJson } from './host.js';
import { listRuns, loadRun, type RunSummary } from './persistence.js';
import { WorkflowRun } from './run.js';

/** Options of {@link createWorkflowRunner}. */
export interface WorkflowRunnerOptions {
  /** Model steps run as conversations of this Weft (its client, stores and defaults). */
  readonly weft: Weft;
  /** Where runs are stored; defaults to the Weft's snapshot store. */
  readonly snapshots?: SnapshotStoreShape | undefined;
  /** Tools steps may call, by name. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tools?: readonly Tool<any>[] | undefined;
  /** Workflows `workflow` steps may run, by id (documents or built definitions). */
  readonly workflows?: readonly (WorkflowDefinition | WorkflowDocumentInput)[] | undefined;
  /** The model of model steps that name none; defaults to the Weft's default model. */
  readonly model?: string | undefined;
  /** Receives every progress event of every run this runner drives. */
  readonly onEvent?: ((event: WorkflowEvent) => void) | undefined;
  readonly clock?: ClockShape | undefined;
  readonly ids?: IdGeneratorShape | undefined;
}

/** Options of {@link WorkflowRunner.start}. */
export interface StartOptions {
  /** The run id (default: a new `run_…` id). */
  readonly runId?: string | undefined;
  /** Receives this run's progress events. */
  readonly onEvent?: ((event: WorkflowEvent) => void) | undefined;
}

const isNotFound = (e: unknown): boolean => (e as { _tag?: unknown } | null)?._tag === 'NotFound';

/**
 * Runs workflows. See {@link createWorkflowRunner}.
 */
export class WorkflowRunner {
  private readonly options: WorkflowRunnerOptions;
  private readonly snapshots: SnapshotStoreShape;
  private readonly clock: ClockShape;
  private readonly ids: IdGeneratorShape;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  private readonly tools: ReadonlyMap<string, Tool<any>>;
  private readonly workflows: ReadonlyMap<string, WorkflowDefinition>;
  private readonly live = new Map<string, WorkflowRun>();
  private readonly listeners = new Map<string, (event: WorkflowEvent) => void>();

  constructor(options: WorkflowRunnerOptions) {
    this.options = options;
    this.snapshots = options.snapshots ?? options.weft.store.snapshots;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.tools = new Map((options.tools ?? []).map((t) => [t.name, t]));
    const workflowIds = (options.workflows ?? []).map((w) => (w as { id: string }).id);
    this.workflows = new Map(
      (options.workflows ?? []).map((w) => {
        const def = parseWorkflow(w, { tools: [...this.tools.keys()], workflows: workflowIds });
        return [def.id, def];
      }),
    );
  }

  /**
   * Validates a definition against this runner's tools and workflows, checks the input, and
   * starts a run. The definition is stored with the run, so the run keeps this version.
   *
   * @throws {InvalidWorkflow} listing every problem; {@link InvalidInput} when the input does not
   *   match the definition's input schema; `StorageError` when the store fails.
   * @example
   * const run = await runner.start(triage, { request: 'Refund order 42' });
   * const result = await run.result;
   */
  async start(
    definition: WorkflowDefinition | WorkflowDocumentInput,
    input: unknown = {},
    options: StartOptions = {},
  ): Promise<WorkflowRun> {
    return this.startRun(definition, input, options, null);
  }

  /**
   * Continues a stored run in this process from its last stored transition; the step that was in
   * flight runs again (a model turn already completed in the store is not sent again).
   *
   * @throws {RunNotFound} when no run has this id.
   */
  async resume(runId: string, options: Pick<StartOptions, 'onEvent'> = {}): Promise<WorkflowRun> {
    const running = this.live.get(runId);
    if (running !== undefined) return running;
    const record = await loadRun(this.snapshots, runId);
    if (record === undefined) throw new RunNotFound({ runId });
    if (options.onEvent !== undefined) this.listeners.set(runId, options.onEvent);
    const run = new WorkflowRun(
      record.definition,
      { kind: 'resume', record },
      this.services(runId),
    );
    if (!['completed', 'failed'].includes(run.status)) this.live.set(runId, run);
    return run;
  }

  /** Stored runs, each with its status and the steps it waits at. */
  list(): Promise<RunSummary[]> {
    return listRuns(this.snapshots);
  }

  /** A run driven by this runner in this process, if any. */
  get(runId: string): WorkflowRun | undefined {
    return this.live.get(runId);
  }

  /** Stops every live run in this process (their state stays stored) and closes their conversations. */
  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((r) => r.stop()));
    this.live.clear();
  }

  private async startRun(
    definition: WorkflowDefinition | WorkflowDocumentInput,
    input: unknown,
    options: StartOptions,
    parentRunId: string | null,
  ): Promise<WorkflowRun> {
    const def = parseWorkflow(definition, {
      tools: [...this.tools.keys()],
      workflows: [...this.workflows.keys()],
    });
    let value = toJson(input);
    if (def.input !== undefined) {
      const parsed = outputSchema('input', def.input, { strict: false }).safeParse(
        JSON.stringify(value),
      );
      if (!parsed.success)
        throw new InvalidInput({ workflowId: def.id, issues: parsed.error.issues });
      value = toJson(parsed.value);
    }
    const runId = options.runId ?? this.ids.next('run');
    if (options.onEvent !== undefined) this.listeners.set(runId, options.onEvent);
    const run = new WorkflowRun(
      def,
      {
        kind: 'start',
        startedAt: this.clock.now(),
        input: {
          runId,
          workflowId: def.id,
          version: def.version,
          parentRunId,
          input: value,
          state: toJson(def.state ?? {}) as Record<string, unknown>,
        },
      },
      this.services(runId),
    );
    if (!['completed', 'failed'].includes(run.status)) this.live.set(runId, run);
    await run.flush();
    return run;
  }

  private services(runId: string): ConstructorParameters<typeof WorkflowRun>[2] {
    return {
      host: {
        weft: this.options.weft,
        tools: this.tools,
        clock: this.clock,
        ids: this.ids,
        model: this.options.model,
        runChild: (childRunId, workflowId, input, signal) =>
          this.runChild(runId, childRunId, workflowId, input, signal),
      },
      snapshots: this.snapshots,
      clock: this.clock,
      onEvent: (event) => {
        this.options.onEvent?.(event);
        this.listeners.get(runId)?.(event);
      },
      openConversation: (owner, id, fork) => this.openConversation(owner, id, fork),
      onEnd: (id) => {
        this.live.delete(id);
        this.listeners.delete(id);
      },
    };
  }

  private async openConversation(runId: string, id: string, fork: boolean): Promise<Conversation> {
    const { weft } = this.options;
    const settings = this.options.model === undefined ? {} : { model: this.options.model };
    try {
      return await weft.open(id, settings);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const meta = { title: `workflow run ${runId}`, metadata: { workflowRunId: runId } };
    if (fork) {
      try {
        return await weft.fork({ conversationId: runId }, { id, ...meta, ...settings });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return weft.conversation({ id, ...meta, ...settings });
  }

  private async runChild(
    parentRunId: string,
    childRunId: string,
    workflowId: string,
    input: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    let child = this.live.get(childRunId);
    if (child === undefined) {
      const stored = await loadRun(this.snapshots, childRunId);
      if (stored !== undefined) child = await this.resume(childRunId);
      else {
        const def = this.workflows.get(workflowId);
        if (def === undefined)
          throw new UnknownReference({ kind: 'workflow', name: workflowId, step: childRunId });
        child = await this.startRun(def, input, { runId: childRunId }, parentRunId);
      }
    }
    const running = child;
    const stop = (): void => void running.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const result = await running.result;
      if (result.status === 'failed') {
        throw new StepFailed({
          runId: childRunId,
          step: result.endStep,
          causeTag: 'WorkflowFailed',
          detail: `child workflow ${workflowId} ended at ${result.endStep}: ${JSON.stringify(result.output)}`,
        });
      }
      return result.output;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
}

/**
 * Creates a workflow runner over a Weft: model steps become turns of a conversation per run (or per
 * parallel branch or map element), runs are stored in the snapshot store after every transition.
 *
 * @example
 * const runner = createWorkflowRunner({ weft, tools: [lookupOrder] });
 * const run = await runner.start(triage, { request: 'Where is order 42?' });
 * const { output } = await run.result;
 * @see https://github.com/weft/weft/blob/main/docs/workflows.md
 */
export function createWorkflowRunner(options: WorkflowRunnerOptions): WorkflowRunner {
  return new WorkflowRunner(options);
}
