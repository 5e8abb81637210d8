/**
 * One schema, prepared once: the JSON Schema to send (strict when possible) and the decoder that
 * turns what the model sent back into a typed value. Shared by function tools and structured outputs.
 *
 * @module
 */
import type { z } from 'zod';
import { dropNullOptionals } from './drop-null-optionals.js';
import { formatZodIssues } from './format-issues.js';
import { checkJsonSchema } from './json-schema-check.js';
import {
  cleanJsonSchema,
  toStrictJsonSchema,
  zodToJsonSchema,
  type JsonSchema,
} from './strict-json-schema.js';

/**
 * The outcome of decoding a value: the typed value, or `path: problem` lines.
 *
 * @example
 * const result: DecodeResult<{ q: string }> = compiled.decode(JSON.parse(call.arguments));
 */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly string[] };

/**
 * A schema prepared for the wire and for decoding.
 *
 * @example
 * const compiled: CompiledSchema<{ q: string }> = compileSchema(z.object({ q: z.string() }), { subject: 'tool search' });
 */
export interface CompiledSchema<T> {
  /** The JSON Schema to send. */
  readonly jsonSchema: JsonSchema;
  /** Whether `jsonSchema` is strict; send this as the `strict` flag. */
  readonly strict: boolean;
  /** Why the schema is not strict (could not be made strict, or `strict: false` was asked for). */
  readonly strictReason: string | undefined;
  /** Maps optional-field `null`s back to absent keys, then validates. */
  decode(value: unknown): DecodeResult<T>;
}

/**
 * Options of {@link compileSchema}.
 *
 * @example
 * compileSchema(schema, { strict: false, subject: 'tool search' });
 */
export interface CompileSchemaOptions {
  /** `true` demands a strict schema (and throws if impossible); `false` never converts; default: strict when possible. */
  readonly strict?: boolean | undefined;
  /** What the schema is for, used in error messages (`tool get_weather`). */
  readonly subject: string;
}

/**
 * True when `value` is a zod 4 schema.
 *
 * @example
 * isZodSchema(z.string()); // true
 * isZodSchema({ type: 'string' }); // false
 */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/**
 * Prepares a zod 4 schema or a raw JSON Schema.
 *
 * Details: a zod schema is converted with `z.toJSONSchema` (input side) and validated with
 * `safeParse`, so defaults, transforms and refinements apply (async refinements are not
 * supported). A raw JSON Schema is sent as given and checked by a small structural check
 * (`checkJsonSchema`); its decoded type is whatever the caller declares.
 *
 * @throws TypeError when `strict: true` was asked for and the schema cannot be strict.
 * @example
 * const compiled = compileSchema(z.object({ q: z.string() }), { subject: 'tool search' });
 * compiled.decode({ q: 'weft' }); // { ok: true, value: { q: 'weft' } }
 */
export function compileSchema<T>(
  schema: z.ZodType<T> | JsonSchema,
  options: CompileSchemaOptions,
): CompiledSchema<T> {
  const source = isZodSchema(schema) ? zodToJsonSchema(schema) : schema;
  let wire: JsonSchema;
  let strict: boolean;
  let strictReason: string | undefined;
  if (options.strict === false) {
    wire = cleanJsonSchema(source);
    strict = false;
    strictReason = 'strict: false was requested';
  } else {
    const converted = toStrictJsonSchema(source);
    if (options.strict === true && !converted.strict) {
      throw new TypeError(
        `The schema of ${options.subject} cannot be strict: ${converted.reason}. Change the schema, or pass strict: false.`,
      );
    }
    wire = converted.schema;
    strict = converted.strict;
    strictReason = converted.reason;
  }
  const validate = isZodSchema(schema)
    ? (value: unknown): DecodeResult<T> => {
        try {
          const result = schema.safeParse(value);
          return result.success
            ? { ok: true, value: result.data }
            : { ok: false, issues: formatZodIssues(result.error.issues) };
        } catch (error) {
          return {
            ok: false,
            issues: [`(root): ${error instanceof Error ? error.message : String(error)}`],
          };
        }
      }
    : (value: unknown): DecodeResult<T> => {
        const issues = checkJsonSchema(value, source);
        return issues.length === 0 ? { ok: true, value: value as T } : { ok: false, issues };
      };
  return {
    jsonSchema: wire,
    strict,
    strictReason,
    decode: (value) => validate(dropNullOptionals(value, source)),
  };
}
