/**
 * The workflow document format: plain JSON/YAML data, described once with zod. The JSON Schema
 * shipped in `schema/workflow.schema.json` is generated from these schemas.
 *
 * @module
 */
import { z } from 'zod';

/** A step name: a letter or `_`, then letters, digits, `_` or `-` (at most 64 characters). */
export const StepName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
    'expected a step name (a letter or _, then letters, digits, _ or -)',
  );

/** A workflow id: letters, digits, `_` and `-`. */
export const WorkflowId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a workflow id (1-64 letters, digits, _ or -)');

/** A JSON Schema, kept as data. */
export const JsonSchemaValue = z.record(z.string(), z.unknown()).describe('A JSON Schema.');

/** A CEL expression (https://cel.dev) over `input`, `state`, `steps`, `error`, `item` and `index`. */
export const CelExpression = z.string().min(1).describe('A CEL expression.');

/** Any JSON value; strings may hold `{{ path }}` templates. */
export const TemplateValue = z
  .unknown()
  .describe('A JSON value; strings may hold {{ path }} templates.');

const common = {
  title: z.string().optional().describe('A short label for exports and progress displays.'),
  description: z.string().optional(),
  assign: z
    .record(z.string(), CelExpression)
    .optional()
    .describe(
      'State variables set after the step succeeds: name → CEL expression (`output` is the step output).',
    ),
};

const failing = {
  onError: StepName.optional().describe(
    'The step to go to when this step fails (else the workflow onError).',
  ),
};

/** A model turn: a prompt template sent into the run's conversation. */
export const ModelStep = z.strictObject({
  type: z.literal('model'),
  ...common,
  prompt: z
    .string()
    .min(1)
    .describe('The user message; `{{ path }}` templates read the workflow state.'),
  model: z.string().min(1).optional(),
  instructions: z.string().optional(),
  tools: z.array(z.string().min(1)).optional().describe('Tool names from the runner registry.'),
  output: JsonSchemaValue.optional().describe(
    'Structured output: the answer must match this JSON Schema.',
  ),
  execution: z.enum(['blocking', 'stream', 'background']).optional(),
  maxToolRounds: z.int().min(1).optional(),
  next: StepName.optional(),
  ...failing,
});

/** A tool call with templated arguments. */
export const ToolStep = z.strictObject({
  type: z.literal('tool'),
  ...common,
  tool: z.string().min(1).describe('A tool name from the runner registry.'),
  args: z.record(z.string(), TemplateValue).optional(),
  next: StepName.optional(),
  ...failing,
});

/** A choice among steps by CEL conditions; the first true case wins. */
export const BranchStep = z.strictObject({
  type: z.literal('branch'),
  ...common,
  cases: z.array(z.strictObject({ when: CelExpression, next: StepName })).min(1),
  default: StepName.describe('Where to go when no case holds.'),
});

/** A bounded loop: runs `body` while `while` holds, at most `maxIterations` times. */
export const LoopStep = z.strictObject({
  type: z.literal('loop'),
  ...common,
  body: StepName.describe('The first step of the body; the body leads back to this step.'),
  while: CelExpression.optional(),
  maxIterations: z.int().min(1).max(10_000),
  next: StepName,
});

/** Steps run at once, each in its own conversation; joined when all (or the first) finish. */
export const ParallelStep = z.strictObject({
  type: z.literal('parallel'),
  ...common,
  branches: z.array(StepName).min(1),
  join: z.enum(['all', 'first']).default('all'),
  next: StepName,
  ...failing,
});

/** One step run per list element (`item`, `index`), at most `concurrency` at once. */
export const MapStep = z.strictObject({
  type: z.literal('map'),
  ...common,
  over: CelExpression.describe('A CEL expression giving the list.'),
  step: StepName.describe('The step run for each element (model, tool or workflow).'),
  concurrency: z.int().min(1).max(64).default(4),
  next: StepName,
  ...failing,
});

/** Waits for a person: resumed by an event whose payload matches `schema`. */
export const WaitStep = z.strictObject({
  type: z.literal('wait'),
  ...common,
  prompt: z.string().optional().describe('What the person is asked; templates allowed.'),
  schema: JsonSchemaValue.optional().describe('The payload the resuming event must carry.'),
  next: StepName,
});

/** Runs another workflow (from the runner registry) as a child run. */
export const WorkflowStep = z.strictObject({
  type: z.literal('workflow'),
  ...common,
  workflow: WorkflowId,
  input: TemplateValue.optional(),
  next: StepName.optional(),
  ...failing,
});

/** Ends the run with an output. */
export const EndStep = z.strictObject({
  type: z.literal('end'),
  ...common,
  output: TemplateValue.optional(),
  status: z.enum(['completed', 'failed']).default('completed'),
});

/** Any step. */
export const Step = z.discriminatedUnion('type', [
  ModelStep,
  ToolStep,
  BranchStep,
  LoopStep,
  ParallelStep,
  MapStep,
  WaitStep,
  WorkflowStep,
  EndStep,
]);

/** A workflow document. */
export const WorkflowDocument = z
  .strictObject({
    $schema: z.string().optional(),
    id: WorkflowId,
    version: z.int().min(1),
    title: z.string().optional(),
    description: z.string().optional(),
    input: JsonSchemaValue.optional().describe('The JSON Schema of the run input.'),
    state: z.record(z.string(), z.unknown()).optional().describe('Initial state variables.'),
    onError: StepName.optional().describe('Where failing steps without their own onError go.'),
    start: StepName,
    steps: z.record(StepName, Step),
  })
  .describe('A Weft workflow.');

/** A validated workflow definition. */
export type WorkflowDefinition = z.output<typeof WorkflowDocument>;
/** A workflow document as written (defaults not yet applied). */
export type WorkflowDocumentInput = z.input<typeof WorkflowDocument>;
/** Any validated step. */
export type StepDefinition = z.output<typeof Step>;
/** The kinds of step. */
export type StepKind = StepDefinition['type'];
export type ModelStepDefinition = z.output<typeof ModelStep>;
export type ToolStepDefinition = z.output<typeof ToolStep>;
export type BranchStepDefinition = z.output<typeof BranchStep>;
export type LoopStepDefinition = z.output<typeof LoopStep>;
export type ParallelStepDefinition = z.output<typeof ParallelStep>;
export type MapStepDefinition = z.output<typeof MapStep>;
export type WaitStepDefinition = z.output<typeof WaitStep>;
export type WorkflowStepDefinition = z.output<typeof WorkflowStep>;
export type EndStepDefinition = z.output<typeof EndStep>;
