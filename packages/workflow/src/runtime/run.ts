/**
 * A live run: the machine actor, its persistence after every transition, its progress events and
 * its result.
 *
 * @module
 */
import {
  outputSchema,
  type ClockShape,
  type Conversation,
  type SnapshotStoreShape,
} from '@weft/core';
import { createActor, type Actor } from 'xstate';
import { compileWorkflow, type WorkflowMachine } from '../compile/compile.js';
import { evaluateAssign } from '../compile/machine-setup.js';
import type { RunContext, RunInput } from '../compile/machine-types.js';
import type { WorkflowDefinition } from '../definition/schema.js';
import { InvalidPayload, NotWaiting, RunFailed, RunStopped, StepFailed } from '../errors.js';
import { EventBroadcast, type WorkflowEvent } from './events.js';
import { toJson, toStepError, type RunHost } from './host.js';
import { runKey, runStore, type RunRecord, type RunStatus } from './persistence.js';
import { RunTrace } from './run-span.js';
import { stepActors } from './step-actors.js';

/** What a finished run resolves with. */
export interface RunResult {
  readonly runId: string;
  /** `completed`, or `failed` when the run ended at an end step with `status: failed`. */
  readonly status: 'completed' | 'failed';
  /** The end step's rendered output. */
  readonly output: unknown;
  /** The end step the run reached. */
  readonly endStep: string;
  /** The run's main conversation: its model turns, replayable like any conversation. */
  readonly conversationId: string;
  /** Every step's record: status, output, error, turn ids. */
  readonly steps: RunContext['steps'];
}

/** The event that resumes a waiting step. */
export interface ResumeEvent {
  /** The waiting step; may be left out when exactly one step waits. */
  readonly step?: string | undefined;
  /** Validated against the step's `schema`. */
  readonly payload: unknown;
}

/** Everything a run needs from its runner. */
export interface RunServices {
  readonly host: Omit<
    RunHost,
    'context' | 'flush' | 'runId' | 'definition' | 'conversation' | 'traceContext'
  >;
  readonly snapshots: SnapshotStoreShape;
  readonly clock: ClockShape;
  readonly onEvent: ((event: WorkflowEvent) => void) | undefined;
  readonly openConversation: (
    runId: string,
    id: string,
    forkFromMain: boolean,
  ) => Promise<Conversation>;
  readonly onEnd: (runId: string) => void;
}

/** How a run begins: fresh, or from a stored record. */
export type RunOrigin =
  | { readonly kind: 'start'; readonly input: RunInput; readonly startedAt: number }
  | { readonly kind: 'resume'; readonly record: RunRecord };

const waitingIn = (context: RunContext): string[] =>
  Object.entries(context.steps)
    .filter(([, r]) => r.status === 'waiting')
    .map(([name]) => name);

/**
 * A workflow run in this process.
 *
 * @example
 * const run = await runner.start(definition, { request: 'Refund order 42' });
 * for await (const e of run.events()) console.log(e.type, 'step' in e ? e.step : '');
 * const { output } = await run.result;
 */
export class WorkflowRun {
  readonly id: string;
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  /** Resolves when the run reaches an end step. @throws {RunFailed} on an unhandled failure; {@link RunStopped} when stopped here. */
  readonly result: Promise<RunResult>;
  private readonly actor: Actor<WorkflowMachine>;
  private readonly services: RunServices;
  private readonly broadcast = new EventBroadcast<WorkflowEvent>();
  private readonly trace: RunTrace;
  private readonly base: Omit<RunRecord, 'status' | 'waitingAt' | 'snapshot'>;
  private readonly conversations = new Map<string, Promise<Conversation>>();
  private saving: Promise<void> = Promise.resolve();
  private saveError: unknown;
  private lastSaved: string | undefined;
  private settle: { resolve(r: RunResult): void; reject(e: unknown): void } | undefined;
  private ended = false;

  constructor(definition: WorkflowDefinition, origin: RunOrigin, services: RunServices) {
    this.definition = definition;
    this.services = services;
    const input = origin.kind === 'start' ? origin.input : undefined;
    const record = origin.kind === 'resume' ? origin.record : undefined;
    this.id = input?.runId ?? (record as RunRecord).runId;
    this.workflowId = definition.id;
    this.version = definition.version;
    this.base = {
      format: 1,
      runId: this.id,
      workflowId: definition.id,
      version: definition.version,
      parentRunId: input?.parentRunId ?? record?.parentRunId ?? null,
      definition,
      startedAt: origin.kind === 'start' ? origin.startedAt : origin.record.startedAt,
    };
    this.result = new Promise<RunResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.result.catch(() => undefined);
    this.trace = new RunTrace(services.host.weft.telemetry, {
      runId: this.id,
      workflowId: definition.id,
      version: definition.version,
      parentRunId: this.base.parentRunId,
      resumed: record !== undefined,
    });

    const host: RunHost = {
      ...services.host,
      runId: this.id,
      definition,
      traceContext: () => this.trace.context,
      context: () => this.actor.getSnapshot().context,
      flush: () => this.flush(),
      conversation: (id, fork) => this.conversation(id, fork),
    };
    const machine = compileWorkflow(definition).provide({ actors: stepActors(host) });
    this.actor =
      record === undefined
        ? createActor(machine, { input: input as RunInput })
        : createActor(machine, { snapshot: record.snapshot, input: undefined } as never);
    this.actor.on('*', (event) => this.publish(event));
    this.actor.subscribe({
      next: () => this.persist(),
      error: (error) => void this.finish({ error }),
      complete: () => void this.finish({}),
    });
    const head = { runId: this.id, workflowId: this.workflowId, version: this.version };
    if (record === undefined) this.publish({ type: 'run.started', ...head });
    else {
      const steps = Object.entries(
        record.snapshot === null
          ? {}
          : ((record.snapshot as { context?: RunContext }).context?.steps ?? {}),
      )
        .filter(([, r]) => r.status === 'running' || r.status === 'waiting')
        .map(([n]) => n);
      this.publish({ type: 'run.resumed', ...head, steps });
    }
    this.actor.start();
    this.persist();
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status === 'done') void this.finish({});
  }

  /** Progress events: everything so far, then live ones; ends when the run ends or stops here. */
  events(): AsyncIterable<WorkflowEvent> {
    return this.broadcast.iterate();
  }

  /** Where the run is. */
  get status(): RunStatus {
    return this.statusOf();
  }

  /** Steps waiting for a person, with what they ask and the payload schema. */
  get waiting(): readonly {
    readonly step: string;
    readonly prompt: string | undefined;
    readonly schema: unknown;
  }[] {
    return waitingIn(this.context).map((step) => {
      const def = this.definition.steps[step];
      return {
        step,
        prompt: def?.type === 'wait' ? def.prompt : undefined,
        schema: def?.type === 'wait' ? def.schema : undefined,
      };
    });
  }

  /** The run's state: input, state variables and every step's record (JSON). */
  get context(): RunContext {
    return this.actor.getSnapshot().context;
  }

  /**
   * Resumes a waiting step with a payload, once it matches the step's schema. Resolves when the
   * transition is stored.
   *
   * @throws {NotWaiting} when the run does not wait there; {@link InvalidPayload} when the
   *   payload does not match (the run keeps waiting); {@link StepFailed} when the step's assign fails.
   */
  async send(event: ResumeEvent): Promise<void> {
    const waiting = waitingIn(this.context);
    const step = event.step ?? (waiting.length === 1 ? waiting[0] : undefined);
    if (step === undefined || !waiting.includes(step) || this.ended) {
      throw new NotWaiting({
        runId: this.id,
        step: event.step,
        status: this.statusOf(),
        waitingAt: waiting,
      });
    }
    const def = this.definition.steps[step];
    if (def?.type !== 'wait')
      throw new NotWaiting({ runId: this.id, step, status: this.statusOf(), waitingAt: waiting });
    let payload: unknown;
    try {
      payload = toJson(event.payload);
    } catch {
      throw new InvalidPayload({
        runId: this.id,
        step,
        issues: ['(root): the payload is not JSON'],
      });
    }
    if (def.schema !== undefined) {
      const parsed = outputSchema(step, def.schema, { strict: false }).safeParse(
        JSON.stringify(payload),
      );
      if (!parsed.success)
        throw new InvalidPayload({ runId: this.id, step, issues: parsed.error.issues });
      payload = toJson(parsed.value);
    }
    let state: Record<string, unknown> | undefined;
    try {
      state = evaluateAssign(def.assign, this.context, payload);
    } catch (cause) {
      const error = toStepError(cause);
      throw new StepFailed({ runId: this.id, step, causeTag: error.tag, detail: error.message });
    }
    this.actor.send({
      type: 'step.done',
      step,
      output: payload,
      ...(state === undefined ? {} : { state }),
    });
    await this.flush();
  }

  /** Stops the run in this process; its state stays stored, and `resume` continues it. */
  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const settle = this.settle;
    this.settle = undefined;
    this.actor.stop();
    this.trace.stopped();
    await this.flush().catch(() => undefined);
    await this.closeConversations();
    this.broadcast.end();
    settle?.reject(new RunStopped({ runId: this.id }));
    this.services.onEnd(this.id);
  }

  /** Resolves once every snapshot written so far is in the store. */
  async flush(): Promise<void> {
    await this.saving;
    if (this.saveError !== undefined) throw this.saveError;
  }

  private statusOf(): RunStatus {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status === 'done')
      return snapshot.context.status === 'completed' ? 'completed' : 'failed';
    if (snapshot.status === 'error') return 'failed';
    return waitingIn(snapshot.context).length > 0 ? 'waiting' : 'running';
  }

  private publish(event: Record<string, unknown> & { type: string }): void {
    if (event.type.startsWith('xstate.')) return;
    const full = {
      ...event,
      runId: this.id,
      at: this.services.clock.now(),
    } as unknown as WorkflowEvent;
    this.trace.event(event.type, typeof event.step === 'string' ? event.step : undefined);
    this.broadcast.push(full);
    try {
      this.services.onEvent?.(full);
    } catch {
      // A listener's failure must not break the run.
    }
  }

  private persist(): void {
    // A machine stopped in this process says nothing new about the run.
    if (this.actor.getSnapshot().status === 'stopped') return;
    const json = JSON.stringify(this.actor.getPersistedSnapshot());
    if (json === this.lastSaved) return;
    this.lastSaved = json;
    const record: RunRecord = {
      ...this.base,
      status: this.statusOf(),
      waitingAt: waitingIn(this.context),
      snapshot: JSON.parse(json) as unknown,
    };
    const at = this.services.clock.now();
    const store = this.services.snapshots;
    this.saving = this.saving.then(async () => {
      if (this.saveError !== undefined) return;
      try {
        await runStore(store.save(runKey(this.id), record, at));
      } catch (error) {
        this.saveError = error;
        this.actor.stop();
        void this.finish({ error });
      }
    });
  }

  private async conversation(id: string, fork: boolean): Promise<Conversation> {
    let convo = this.conversations.get(id);
    if (convo === undefined) {
      convo = this.services.openConversation(this.id, id, fork);
      this.conversations.set(id, convo);
      convo.catch(() => this.conversations.delete(id));
    }
    return convo;
  }

  private async closeConversations(): Promise<void> {
    const all = await Promise.allSettled([...this.conversations.values()]);
    await Promise.all(all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.close()] : [])));
  }

  private async finish(outcome: { error?: unknown }): Promise<void> {
    if (this.settle === undefined) return;
    const settle = this.settle;
    this.settle = undefined;
    this.ended = true;
    await this.saving;
    await this.closeConversations();
    const context = this.context;
    if (outcome.error !== undefined) {
      const error = toStepError(outcome.error);
      const failure =
        this.saveError ??
        new RunFailed({
          runId: this.id,
          step: undefined,
          causeTag: error.tag,
          detail: error.message,
        });
      this.publish({ type: 'run.failed', step: undefined, error });
      this.trace.failed(failure);
      settle.reject(failure);
    } else if (context.endStep === null) {
      const error = context.error;
      const failure = new RunFailed({
        runId: this.id,
        step: error?.step,
        causeTag: error?.tag ?? 'RunFailed',
        detail: error?.message ?? 'the run failed',
      });
      this.trace.failed(failure);
      settle.reject(failure);
    } else {
      this.trace.reachedEnd(context.status === 'failed' ? 'failed' : 'completed', context.endStep);
      settle.resolve({
        runId: this.id,
        status: context.status === 'failed' ? 'failed' : 'completed',
        output: context.output,
        endStep: context.endStep,
        conversationId: this.id,
        steps: context.steps,
      });
    }
    this.broadcast.end();
    this.services.onEnd(this.id);
  }
}
