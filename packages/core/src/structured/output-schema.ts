/**
 * Structured outputs: a named schema sent as `text.format`, and the parser for the JSON text the
 * model answers with.
 *
 * @module
 */
import { Effect } from 'effect';
import type { ResponseFormatTextJSONSchemaConfig } from 'openai/resources/responses/responses';
import type { z } from 'zod';
import { OutputValidation } from '../errors.js';
import { compileSchema } from '../tools/compiled-schema.js';
import type { JsonSchema } from '../tools/strict-json-schema.js';

/**
 * Options of {@link outputSchema}.
 *
 * @example
 * outputSchema('invoice', Invoice, { description: 'An invoice.', strict: true });
 */
export interface OutputSchemaOptions {
  /** What the output is, for the model. */
  readonly description?: string | undefined;
  /** `true` demands a strict schema (throws if impossible), `false` sends it as is; default: strict when possible. */
  readonly strict?: boolean | undefined;
}

/**
 * Where a parse happens, put on the error.
 *
 * @example
 * invoice.parse(text, { turnId: turn.id });
 */
export interface ParseOptions {
  readonly turnId?: string | undefined;
}

/**
 * A plain result for callers outside Effect.
 *
 * @example
 * const result: SafeParseResult<Invoice> = invoice.safeParse(text);
 */
export type SafeParseResult<T> =
  | { readonly success: true; readonly value: T }
  | { readonly success: false; readonly error: OutputValidation };

/**
 * A structured output definition.
 *
 * @example
 * const invoice: OutputSchema<{ total: number }> = outputSchema('invoice', z.object({ total: z.number() }));
 */
export interface OutputSchema<T> {
  /** The format name. */
  readonly name: string;
  /** Send as the request's `text.format`. */
  readonly textFormat: ResponseFormatTextJSONSchemaConfig;
  /** Whether the schema is strict. */
  readonly strict: boolean;
  /** Why the schema is not strict, when it is not. */
  readonly strictReason: string | undefined;
  /** Parses the model's JSON text and validates it; both failures become `OutputValidation`. */
  parse(text: string, options?: ParseOptions): Effect.Effect<T, OutputValidation>;
  /** The same as `parse`, as a plain result. */
  safeParse(text: string, options?: ParseOptions): SafeParseResult<T>;
}

const formatName = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a structured output from a zod 4 schema (or a raw JSON Schema, typed as declared).
 * Optional fields are sent as nullable and a `null` for them is read back as absent.
 *
 * Details: a schema that cannot be strict (a record, a non-object root, …) is sent with
 * `strict: false`, and `strictReason` says why.
 *
 * @throws TypeError when `name` is not 1-64 characters from `a-zA-Z0-9_-`, or `strict: true` is
 *   impossible for the schema.
 * @example
 * const invoice = outputSchema('invoice', z.object({ items: z.array(z.object({ price: z.number() })) }));
 * const response = await client.responses.create({ model, input, text: { format: invoice.textFormat } });
 * const value = yield* invoice.parse(response.output_text);
 */
export function outputSchema<S extends z.ZodType>(
  name: string,
  schema: S,
  options?: OutputSchemaOptions,
): OutputSchema<z.output<S>>;
export function outputSchema<T = unknown>(
  name: string,
  schema: JsonSchema,
  options?: OutputSchemaOptions,
): OutputSchema<T>;
export function outputSchema(
  name: string,
  schema: z.ZodType | JsonSchema,
  options: OutputSchemaOptions = {},
): OutputSchema<unknown> {
  if (!formatName.test(name)) {
    throw new TypeError(
      `Output schema name ${JSON.stringify(name)} is invalid; use 1-64 characters from a-z, A-Z, 0-9, '_' and '-'.`,
    );
  }
  const compiled = compileSchema<unknown>(schema, {
    strict: options.strict,
    subject: `output schema ${name}`,
  });
  const textFormat: ResponseFormatTextJSONSchemaConfig = {
    type: 'json_schema',
    name,
    schema: compiled.jsonSchema,
    strict: compiled.strict,
    ...(options.description === undefined ? {} : { description: options.description }),
  };
  const safeParse = (text: string, parseOptions: ParseOptions = {}): SafeParseResult<unknown> => {
    const fail = (issues: readonly string[]): SafeParseResult<unknown> => ({
      success: false,
      error: new OutputValidation({ turnId: parseOptions.turnId, issues, text }),
    });
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      return fail([
        `(root): the output is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      ]);
    }
    const decoded = compiled.decode(value);
    return decoded.ok ? { success: true, value: decoded.value } : fail(decoded.issues);
  };
  return {
    name,
    textFormat,
    strict: compiled.strict,
    strictReason: compiled.strictReason,
    safeParse,
    parse: (text, parseOptions) =>
      Effect.suspend(() => {
        const result = safeParse(text, parseOptions);
        return result.success ? Effect.succeed(result.value) : Effect.fail(result.error);
      }),
  };
}
