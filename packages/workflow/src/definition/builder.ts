/**
 * A typed builder that produces exactly the document a YAML file would: `build()` returns the same
 * validated definition `parseWorkflow` returns for the equivalent document.
 *
 * @module
 */
import type { Tool } from '@weft/core';
import { z } from 'zod';
import type { CheckOptions } from './check.js';
import { parseWorkflow } from './parse.js';
import type {
  BranchStep,
  EndStep,
  LoopStep,
  MapStep,
  ModelStep,
  ParallelStep,
  ToolStep,
  WaitStep,
  WorkflowDefinition,
  WorkflowStep,
} from './schema.js';

/** A JSON Schema object, or a zod schema turned into one. */
export type SchemaLike = Readonly<Record<string, unknown>> | z.ZodType;

type Config<S extends z.ZodType> = Omit<z.input<S>, 'type'>;

/** Options of a model step; `output` may be a zod schema and `tools` tool objects. */
export type ModelStepConfig = Omit<Config<typeof ModelStep>, 'output' | 'tools'> & {
  readonly output?: SchemaLike | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tools?: readonly (string | Tool<any>)[] | undefined;
};
/** Options of a tool step; `tool` may be a tool object. */
export type ToolStepConfig = Omit<Config<typeof ToolStep>, 'tool'> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tool: string | Tool<any>;
};
export type BranchStepConfig = Config<typeof BranchStep>;
export type LoopStepConfig = Config<typeof LoopStep>;
export type ParallelStepConfig = Config<typeof ParallelStep>;
export type MapStepConfig = Config<typeof MapStep>;
/** Options of a wait step; `schema` may be a zod schema. */
export type WaitStepConfig = Omit<Config<typeof WaitStep>, 'schema'> & {
  readonly schema?: SchemaLike | undefined;
};
export type WorkflowStepConfig = Config<typeof WorkflowStep>;
export type EndStepConfig = Config<typeof EndStep>;

function toJsonSchema(schema: SchemaLike): Record<string, unknown> {
  if (schema instanceof z.ZodType) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
    return rest;
  }
  return { ...schema };
}

/** Drops `undefined` fields so the document is what YAML would give. */
function clean<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Builds a workflow definition step by step. The first step added is the start unless `start()`
 * says otherwise.
 *
 * @example
 * const triage = workflow('triage')
 *   .version(1)
 *   .onError('failed')
 *   .model('classify', { prompt: 'Classify: {{ input.request }}', output: Category, next: 'done' })
 *   .end('done', { output: '{{ steps.classify.output }}' })
 *   .end('failed', { status: 'failed' })
 *   .build();
 */
export class WorkflowBuilder {
  private readonly doc: {
    id: string;
    version: number;
    title?: string;
    description?: string;
    input?: Record<string, unknown>;
    state?: Record<string, unknown>;
    onError?: string;
    start?: string;
    steps: Record<string, Record<string, unknown>>;
  };

  constructor(id: string) {
    this.doc = { id, version: 1, steps: {} };
  }

  /** The definition version (default 1); a run keeps the version it started with. */
  version(version: number): this {
    this.doc.version = version;
    return this;
  }

  title(title: string): this {
    this.doc.title = title;
    return this;
  }

  description(description: string): this {
    this.doc.description = description;
    return this;
  }

  /** The JSON Schema (or zod schema) of the run input. */
  input(schema: SchemaLike): this {
    this.doc.input = toJsonSchema(schema);
    return this;
  }

  /** Initial state variables. */
  state(state: Record<string, unknown>): this {
    this.doc.state = state;
    return this;
  }

  /** Where failing steps without their own `onError` go. */
  onError(step: string): this {
    this.doc.onError = step;
    return this;
  }

  /** The first step (default: the first step added). */
  start(step: string): this {
    this.doc.start = step;
    return this;
  }

  model(name: string, config: ModelStepConfig): this {
    const { output, tools, ...rest } = config;
    return this.add(name, {
      type: 'model',
      ...rest,
      tools: tools?.map((t) => (typeof t === 'string' ? t : t.name)),
      output: output === undefined ? undefined : toJsonSchema(output),
    });
  }

  tool(name: string, config: ToolStepConfig): this {
    const { tool, ...rest } = config;
    return this.add(name, {
      type: 'tool',
      tool: typeof tool === 'string' ? tool : tool.name,
      ...rest,
    });
  }

  branch(name: string, config: BranchStepConfig): this {
    return this.add(name, { type: 'branch', ...config });
  }

  loop(name: string, config: LoopStepConfig): this {
    return this.add(name, { type: 'loop', ...config });
  }

  parallel(name: string, config: ParallelStepConfig): this {
    return this.add(name, { type: 'parallel', ...config });
  }

  map(name: string, config: MapStepConfig): this {
    return this.add(name, { type: 'map', ...config });
  }

  wait(name: string, config: WaitStepConfig): this {
    const { schema, ...rest } = config;
    return this.add(name, {
      type: 'wait',
      ...rest,
      schema: schema === undefined ? undefined : toJsonSchema(schema),
    });
  }

  workflow(name: string, config: WorkflowStepConfig): this {
    return this.add(name, { type: 'workflow', ...config });
  }

  end(name: string, config: EndStepConfig = {}): this {
    return this.add(name, { type: 'end', ...config });
  }

  /** The document as written, before validation (what `toYaml` would print). */
  toDocument(): Record<string, unknown> {
    const first = Object.keys(this.doc.steps)[0];
    return clean({ ...this.doc, start: this.doc.start ?? first, steps: { ...this.doc.steps } });
  }

  /**
   * Validates and returns the definition.
   * @throws {InvalidWorkflow} listing every problem with its path.
   */
  build(options: CheckOptions = {}): WorkflowDefinition {
    return parseWorkflow(this.toDocument(), options);
  }

  private add(name: string, step: Record<string, unknown>): this {
    this.doc.steps[name] = clean(step);
    return this;
  }
}

/**
 * Starts a workflow builder.
 *
 * @example
 * const def = workflow('hello').model('greet', { prompt: 'Say hi', next: 'done', onError: 'done' }).end('done').build();
 */
export function workflow(id: string): WorkflowBuilder {
  return new WorkflowBuilder(id);
}
