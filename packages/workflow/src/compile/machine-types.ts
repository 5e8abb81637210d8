/**
 * The data a workflow machine holds and exchanges. Context is JSON only, so a snapshot survives
 * `JSON.stringify` and a restart.
 *
 * @module
 */

/** A failure as recorded in the run: the error's tag and message. */
export interface StepError {
  readonly tag: string;
  readonly message: string;
}

/** What the run knows about one step. */
export interface StepRecord {
  readonly status: 'running' | 'done' | 'failed' | 'waiting';
  readonly output?: unknown;
  readonly error?: StepError | undefined;
  /** The turns a model step made, in order (so a resumed run need not send them again). */
  readonly turnIds?: readonly string[] | undefined;
  /** The conversation a model step wrote to. */
  readonly conversationId?: string | undefined;
  /** Finished elements of a map step, by index. */
  readonly items?: Readonly<Record<string, unknown>> | undefined;
}

/** The machine context of a run. */
export interface RunContext {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly parentRunId: string | null;
  readonly input: unknown;
  readonly state: Readonly<Record<string, unknown>>;
  readonly steps: Readonly<Record<string, StepRecord>>;
  /** Iterations of each loop step in its current pass. */
  readonly loops: Readonly<Record<string, number>>;
  /** The latest failure, for `onError` steps to read. */
  readonly error: (StepError & { readonly step: string }) | null;
  readonly status: 'running' | 'completed' | 'failed';
  readonly output: unknown;
  readonly endStep: string | null;
}

/** The machine input. */
export interface RunInput {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly parentRunId: string | null;
  readonly input: unknown;
  readonly state: Readonly<Record<string, unknown>>;
}

/** Events step actors (and waits) send to the machine. */
export type RunEvent =
  | {
      readonly type: 'step.turn';
      readonly step: string;
      readonly turnId: string;
      readonly conversationId: string;
    }
  | {
      readonly type: 'step.item';
      readonly step: string;
      readonly index: number;
      readonly output: unknown;
    }
  | {
      readonly type: 'step.done';
      readonly step: string;
      readonly output: unknown;
      /** State variables the step's `assign` set. */
      readonly state?: Readonly<Record<string, unknown>> | undefined;
    }
  | { readonly type: 'step.failed'; readonly step: string; readonly error: StepError };

/** Progress the machine emits. */
export type RunEmitted =
  | { readonly type: 'step.started'; readonly step: string; readonly kind: string }
  | { readonly type: 'step.finished'; readonly step: string; readonly output: unknown }
  | { readonly type: 'step.failed'; readonly step: string; readonly error: StepError }
  | {
      readonly type: 'step.waiting';
      readonly step: string;
      readonly prompt: string | undefined;
      readonly schema: unknown;
    }
  | {
      readonly type: 'run.finished';
      readonly step: string;
      readonly status: 'completed' | 'failed';
      readonly output: unknown;
    }
  | { readonly type: 'run.failed'; readonly step: string | undefined; readonly error: StepError };

/** What an invoked step actor gets: the step's name. It reads the rest from the live run. */
export interface StepActorInput {
  readonly step: string;
}

/** The scope templates and expressions read. */
export interface Scope {
  readonly input: unknown;
  readonly state: Readonly<Record<string, unknown>>;
  readonly steps: Readonly<
    Record<string, { readonly output: unknown; readonly error: unknown; readonly status: string }>
  >;
  readonly error: unknown;
  readonly run: { readonly id: string; readonly workflowId: string; readonly version: number };
  readonly item?: unknown;
  readonly index?: number | undefined;
  readonly output?: unknown;
}

/** Builds the scope of templates and expressions from a run's context. */
export function scopeOf(
  context: RunContext,
  extra: Partial<Pick<Scope, 'item' | 'index' | 'output'>> = {},
): Scope {
  const steps: Record<string, { output: unknown; error: unknown; status: string }> = {};
  for (const [name, record] of Object.entries(context.steps)) {
    steps[name] = {
      output: record.output ?? null,
      error: record.error ?? null,
      status: record.status,
    };
  }
  return {
    input: context.input ?? null,
    state: context.state,
    steps,
    error: context.error,
    run: { id: context.runId, workflowId: context.workflowId, version: context.version },
    ...extra,
  };
}
