/**
 * `@weft/workflow`: declarative multi-step workflows over Weft conversations, written as YAML/JSON
 * documents or with a typed builder, checked before they run, compiled to XState v5 machines and
 * stored after every transition so a run survives a restart.
 *
 * The Promise/AsyncIterable API is the primary face; errors are Effect tagged errors, so Effect
 * users can `catchTag` them.
 *
 * @module
 */

// Definitions.
export {
  WorkflowDocument,
  Step,
  StepName,
  WorkflowId,
  type WorkflowDefinition,
  type WorkflowDocumentInput,
  type StepDefinition,
  type StepKind,
  type ModelStepDefinition,
  type ToolStepDefinition,
  type BranchStepDefinition,
  type LoopStepDefinition,
  type ParallelStepDefinition,
  type MapStepDefinition,
  type WaitStepDefinition,
  type WorkflowStepDefinition,
  type EndStepDefinition,
} from './definition/schema.js';
export {
  parseWorkflow,
  parseWorkflowYaml,
  validateWorkflow,
  type ValidationResult,
} from './definition/parse.js';
export { checkWorkflow, type CheckOptions } from './definition/check.js';
export {
  workflow,
  WorkflowBuilder,
  type SchemaLike,
  type ModelStepConfig,
  type ToolStepConfig,
  type BranchStepConfig,
  type LoopStepConfig,
  type ParallelStepConfig,
  type MapStepConfig,
  type WaitStepConfig,
  type WorkflowStepConfig,
  type EndStepConfig,
} from './definition/builder.js';
export { workflowJsonSchema } from './definition/json-schema.js';

// Compilation and export.
export { compileWorkflow, type WorkflowMachine } from './compile/compile.js';
export type {
  RunContext,
  StepRecord,
  StepError,
  RunEvent,
  RunEmitted,
} from './compile/machine-types.js';
export { toMermaid } from './export/mermaid.js';
export { toXStateJSON } from './export/xstate-json.js';

// Running.
export {
  createWorkflowRunner,
  WorkflowRunner,
  type WorkflowRunnerOptions,
  type StartOptions,
} from './runtime/runner.js';
export { WorkflowRun, type RunResult, type ResumeEvent } from './runtime/run.js';
export type { WorkflowEvent } from './runtime/events.js';
export type { RunStatus, RunSummary, RunRecord } from './runtime/persistence.js';
export { runKey } from './runtime/persistence.js';

// Errors.
export {
  InvalidWorkflow,
  InvalidInput,
  InvalidPayload,
  NotWaiting,
  RunNotFound,
  StepFailed,
  RunFailed,
  RunStopped,
  UnknownReference,
  isWorkflowError,
  type WorkflowError,
  type WorkflowIssue,
} from './errors.js';
export { EvaluationError } from './expr/cel.js';
