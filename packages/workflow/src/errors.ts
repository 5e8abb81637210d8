/**
 * The failures `@weft/workflow` raises, as tagged errors whose messages say what to do next.
 *
 * @module
 */
import { Data } from 'effect';

/** One problem found in a workflow definition, at a dotted path such as `steps.review.next`. */
export interface WorkflowIssue {
  /** Dotted path into the document (`steps.route.cases.0.when`); empty for the root. */
  readonly path: string;
  /** What is wrong and what was expected. */
  readonly message: string;
  /** A stable code: `schema`, `unknown-step`, `unknown-tool`, `unknown-workflow`, `unreachable`, `unbounded-loop`, `no-error-path`, `missing-next`, `unused-next`, `bad-reference`, `bad-expression`, `bad-member`. */
  readonly code: string;
}

const list = (issues: readonly WorkflowIssue[]): string =>
  issues
    .slice(0, 10)
    .map((i) => `  - ${i.path === '' ? '(root)' : i.path}: ${i.message}`)
    .join('\n') + (issues.length > 10 ? `\n  … and ${issues.length - 10} more` : '');

/** A workflow definition failed validation or the static checks; `issues` lists every problem. */
export class InvalidWorkflow extends Data.TaggedError('InvalidWorkflow')<{
  readonly workflowId: string | undefined;
  readonly issues: readonly WorkflowIssue[];
}> {
  override get message(): string {
    return `Workflow ${this.workflowId ?? '(no id)'} is invalid (${this.issues.length} problem${this.issues.length === 1 ? '' : 's'}); fix each path below:\n${list(this.issues)}`;
  }
}

/** The run input does not match the workflow's `input` schema. */
export class InvalidInput extends Data.TaggedError('InvalidInput')<{
  readonly workflowId: string;
  readonly issues: readonly string[];
}> {
  override get message(): string {
    return `The input of workflow ${this.workflowId} does not match its input schema: ${this.issues.slice(0, 5).join('; ')}. Fix the input and start again.`;
  }
}

/** A payload sent to a waiting step does not match its schema. The run keeps waiting. */
export class InvalidPayload extends Data.TaggedError('InvalidPayload')<{
  readonly runId: string;
  readonly step: string;
  readonly issues: readonly string[];
}> {
  override get message(): string {
    return `The payload for step ${this.step} of run ${this.runId} does not match its schema: ${this.issues.slice(0, 5).join('; ')}. The run is still waiting; send a valid payload.`;
  }
}

/** An event was sent to a run that is not waiting at that step. */
export class NotWaiting extends Data.TaggedError('NotWaiting')<{
  readonly runId: string;
  readonly step: string | undefined;
  readonly status: string;
  readonly waitingAt: readonly string[];
}> {
  override get message(): string {
    const where =
      this.waitingAt.length > 0
        ? `it waits at ${this.waitingAt.join(', ')}`
        : `it is ${this.status}`;
    return `Run ${this.runId} is not waiting${this.step === undefined ? '' : ` at step ${this.step}`}; ${where}. Check the run's status before sending.`;
  }
}

/** No stored run has this id. */
export class RunNotFound extends Data.TaggedError('RunNotFound')<{
  readonly runId: string;
}> {
  override get message(): string {
    return `No workflow run ${this.runId} is stored; check the id, or call list() to see stored runs.`;
  }
}

/** A step failed: the error a step's `onError` path receives, and what an unhandled failure carries. */
export class StepFailed extends Data.TaggedError('StepFailed')<{
  readonly runId: string;
  readonly step: string;
  /** The tag of the underlying error (`ToolFailed`, `OutputValidation`, `EvaluationError`, …). */
  readonly causeTag: string;
  readonly detail: string;
}> {
  override get message(): string {
    return `Step ${this.step} of run ${this.runId} failed (${this.causeTag}): ${this.detail}. Give the step an onError path, or fix the cause and resume the run.`;
  }
}

/** A run ended without reaching an end step (an unhandled failure); `result` rejects with it. */
export class RunFailed extends Data.TaggedError('RunFailed')<{
  readonly runId: string;
  readonly step: string | undefined;
  readonly causeTag: string;
  readonly detail: string;
}> {
  override get message(): string {
    return `Run ${this.runId} failed at step ${this.step ?? '(none)'} (${this.causeTag}): ${this.detail}. Add an onError path to handle this failure.`;
  }
}

/** The run was stopped in this process (runner closed) before it ended; `resume(runId)` continues it. */
export class RunStopped extends Data.TaggedError('RunStopped')<{
  readonly runId: string;
}> {
  override get message(): string {
    return `Run ${this.runId} was stopped in this process before it ended; its state is stored — call resume('${this.runId}') to continue it.`;
  }
}

/** A step names a tool or sub-workflow the runner was not given. */
export class UnknownReference extends Data.TaggedError('UnknownReference')<{
  readonly kind: 'tool' | 'workflow';
  readonly name: string;
  readonly step: string;
}> {
  override get message(): string {
    return `Step ${this.step} uses ${this.kind} ${this.name}, which the runner does not know; pass it to createWorkflowRunner({ ${this.kind}s }).`;
  }
}

/** Every error `@weft/workflow` raises. */
export type WorkflowError =
  | InvalidWorkflow
  | InvalidInput
  | InvalidPayload
  | NotWaiting
  | RunNotFound
  | StepFailed
  | RunFailed
  | RunStopped
  | UnknownReference;

const tags: ReadonlySet<string> = new Set([
  'InvalidWorkflow',
  'InvalidInput',
  'InvalidPayload',
  'NotWaiting',
  'RunNotFound',
  'StepFailed',
  'RunFailed',
  'RunStopped',
  'UnknownReference',
]);

/** True when `value` is one of `@weft/workflow`'s tagged errors. */
export function isWorkflowError(value: unknown): value is WorkflowError {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_tag' in value &&
    typeof (value as { _tag: unknown })._tag === 'string' &&
    tags.has((value as { _tag: string })._tag)
  );
}
