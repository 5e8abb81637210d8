/**
 * Function tools: a name, a description, a parameter schema and a handler.
 *
 * @module
 */
import { Effect } from 'effect';
import type { z } from 'zod';
import { compileSchema, type DecodeResult } from './compiled-schema.js';
import type { JsonSchema } from './strict-json-schema.js';

/**
 * What to do when something goes wrong: tell the model (`return`) or stop the turn (`fail`).
 *
 * @example
 * const policy: ToolPolicy = 'fail';
 */
export type ToolPolicy = 'return' | 'fail';

/**
 * What a handler knows about the call it serves.
 *
 * @example
 * execute: (args, { callId, signal }) => fetch(url, { signal })
 */
export interface ToolContext {
  /** The call's `call_id`. Unique only within one response (Bedrock mantle restarts at `call_0`). */
  readonly callId: string;
  /** The tool's name. */
  readonly toolName: string;
  /** Aborted when the call times out, the run is cancelled, or a sibling call fails under `fail`. */
  readonly signal: AbortSignal;
  /** The turn the call belongs to, when known. */
  readonly turnId: string | undefined;
  /** The conversation the call belongs to, when known. */
  readonly conversationId: string | undefined;
}

/**
 * A tool handler. It may return a value, a Promise, or an Effect (which must need no services and
 * whose failures count as handler errors). Strings are sent to the model as they are; anything
 * else as JSON (`undefined` as `null`).
 *
 * @example
 * const execute: ToolExecute<{ city: string }> = async ({ city }) => ({ city, temperature: 21 });
 */
export type ToolExecute<Args> = (args: Args, context: ToolContext) => unknown;

/**
 * Settings shared by both ways of declaring parameters.
 *
 * @example
 * const base: Omit<ToolConfigBase<{ q: string }>, 'execute'> = { name: 'search', description: 'Searches.' };
 */
export interface ToolConfigBase<Args> {
  /** The function name the model calls: 1–64 characters from `a-zA-Z0-9_-`. */
  readonly name: string;
  /** What the tool does and when to use it, for the model. */
  readonly description: string;
  /** Runs the call with validated arguments. */
  readonly execute: ToolExecute<Args>;
  /** `true` demands a strict schema (throws if impossible), `false` sends the schema as is; default: strict when possible. */
  readonly strict?: boolean | undefined;
  /** Arguments that are not JSON or fail validation: `return` (default) sends the issues to the model, `fail` raises `ToolFailed`. */
  readonly onInvalidArguments?: ToolPolicy | undefined;
  /** Handler throws, rejects, fails or times out: `return` (default) sends an error output, `fail` raises `ToolFailed`. */
  readonly onError?: ToolPolicy | undefined;
  /** Whether a person must approve a call before it runs; a predicate sees the validated arguments. */
  readonly needsApproval?: boolean | ((args: Args) => boolean) | undefined;
  /** Time limit for one call, after which the handler's signal is aborted and `onError` applies. */
  readonly timeoutMs?: number | undefined;
}

/**
 * A tool whose parameters are a zod 4 schema; `args` are its parsed output.
 *
 * @example
 * const config: ZodToolConfig<typeof Params> = { name: 'search', description: 'Searches.', parameters: Params, execute: ({ q }) => q };
 */
export interface ZodToolConfig<S extends z.ZodType> extends ToolConfigBase<z.output<S>> {
  /** The parameter schema; its root must be an object. */
  readonly parameters: S;
}

/**
 * A tool whose parameters are a raw JSON Schema; `args` are typed as the caller declares.
 *
 * @example
 * defineTool<{ q: string }>({ name: 'search', description: 'Searches.', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, execute: ({ q }) => q });
 */
export interface JsonSchemaToolConfig<Args> extends ToolConfigBase<Args> {
  /** The parameter schema, an object schema. Arguments get a structural check only. */
  readonly parameters: JsonSchema;
}

/**
 * A defined tool, ready for {@link toolDefinitionsFor} and `runToolCalls`.
 *
 * @example
 * const tools: readonly Tool[] = [weather, search];
 */
export interface Tool<Args = unknown> {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema sent as `parameters`. */
  readonly parameters: JsonSchema;
  /** The `strict` flag sent with the definition. */
  readonly strict: boolean;
  /** Why the schema is not strict, when it is not. */
  readonly strictReason: string | undefined;
  readonly onInvalidArguments: ToolPolicy;
  readonly onError: ToolPolicy;
  readonly timeoutMs: number | undefined;
  /** Validates parsed JSON arguments (optional-field `null`s become absent first). */
  decode(raw: unknown): DecodeResult<Args>;
  /** Whether this call needs a person's approval. A throwing predicate counts as yes. */
  requiresApproval(args: Args): boolean;
  /**
   * Runs the handler as an Effect; failures carry what the handler threw or failed with. The
   * handler's `signal` is aborted when the Effect is interrupted.
   */
  invoke(args: Args, context: Omit<ToolContext, 'signal'>): Effect.Effect<unknown, unknown>;
}

const toolName = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a function tool.
 *
 * @throws TypeError when the name is invalid, the parameters are not an object schema, `timeoutMs`
 *   is not positive, or `strict: true` is impossible for the schema.
 * @example
 * const weather = defineTool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city.',
 *   parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() }),
 *   execute: async ({ city, unit }) => ({ city, unit: unit ?? 'c', temperature: 21 }),
 * });
 */
export function defineTool<S extends z.ZodType>(config: ZodToolConfig<S>): Tool<z.output<S>>;
export function defineTool<Args = unknown>(config: JsonSchemaToolConfig<Args>): Tool<Args>;
export function defineTool(config: ZodToolConfig<z.ZodType> | JsonSchemaToolConfig<unknown>): Tool {
  if (!toolName.test(config.name)) {
    throw new TypeError(
      `Tool name ${JSON.stringify(config.name)} is invalid; use 1-64 characters from a-z, A-Z, 0-9, '_' and '-'.`,
    );
  }
  if (config.timeoutMs !== undefined && !(config.timeoutMs > 0)) {
    throw new TypeError(
      `Tool ${config.name}: timeoutMs must be a positive number of milliseconds.`,
    );
  }
  const compiled = compileSchema<unknown>(config.parameters, {
    strict: config.strict,
    subject: `tool ${config.name}`,
  });
  if (compiled.jsonSchema['type'] !== 'object') {
    throw new TypeError(
      `Tool ${config.name}: parameters must be an object schema (z.object or { type: 'object' }).`,
    );
  }
  const { execute, needsApproval } = config;
  return {
    name: config.name,
    description: config.description,
    parameters: compiled.jsonSchema,
    strict: compiled.strict,
    strictReason: compiled.strictReason,
    onInvalidArguments: config.onInvalidArguments ?? 'return',
    onError: config.onError ?? 'return',
    timeoutMs: config.timeoutMs,
    decode: (raw) => compiled.decode(raw),
    requiresApproval(args) {
      if (typeof needsApproval !== 'function') return needsApproval === true;
      try {
        return needsApproval(args);
      } catch {
        return true;
      }
    },
    invoke(args, context) {
      return Effect.flatMap(
        Effect.tryPromise({
          try: async (signal) => execute(args, { ...context, signal }),
          catch: (cause) => cause,
        }),
        (result) =>
          Effect.isEffect(result)
            ? (result as Effect.Effect<unknown, unknown>)
            : Effect.succeed(result),
      );
    },
  };
}
