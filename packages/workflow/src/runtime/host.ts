/**
 * What step implementations need from the run they belong to.
 *
 * @module
 */
import type {
  ClockShape,
  Conversation,
  IdGeneratorShape,
  Tool,
  Weft,
  contextWithSpan,
} from '@weft/core';
import type { RunContext, StepError } from '../compile/machine-types.js';
import type { WorkflowDefinition } from '../definition/schema.js';

/** The services and live state of one run, as step implementations see them. */
export interface RunHost {
  readonly runId: string;
  readonly definition: WorkflowDefinition;
  readonly weft: Weft;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tools: ReadonlyMap<string, Tool<any>>;
  readonly clock: ClockShape;
  readonly ids: IdGeneratorShape;
  /** The default model for model steps that name none (else Weft's default). */
  readonly model: string | undefined;
  /** The run span's context: the parent of step spans. */
  traceContext(): ReturnType<typeof contextWithSpan>;
  /** The live context (after a restore: the restored one). */
  context(): RunContext;
  /** Resolves when every snapshot written so far is in the store. */
  flush(): Promise<void>;
  /**
   * The conversation with this id, opened or created. `forkFromMain` starts a new one as a branch
   * of the run's main conversation (parallel branches, map elements).
   */
  conversation(id: string, forkFromMain: boolean): Promise<Conversation>;
  /** Starts (or resumes) a child run and waits for its output. */
  runChild(
    childRunId: string,
    workflowId: string,
    input: unknown,
    signal: AbortSignal,
  ): Promise<unknown>;
}

/** An error as the run records it. */
export function toStepError(error: unknown): StepError {
  if (typeof error === 'object' && error !== null) {
    const tag = (error as { _tag?: unknown })._tag;
    const message =
      error instanceof Error
        ? error.message
        : String((error as { message?: unknown }).message ?? error);
    if (typeof tag === 'string') return { tag, message };
    if (error instanceof Error) return { tag: error.name, message };
  }
  return { tag: 'Error', message: String(error) };
}

/** JSON round trip: what the run stores must be JSON. */
export function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
