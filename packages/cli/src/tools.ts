/**
 * Loading tools for `weft chat --tools` and `weft run --tools` from a JavaScript module.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonSchema, Tool } from '@weft/core';
import { UsageError } from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
type AnyTool = Tool<any>;

const isTool = (value: unknown): value is AnyTool =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { invoke?: unknown }).invoke === 'function' &&
  typeof (value as { decode?: unknown }).decode === 'function';

const isConfig = (
  value: unknown,
): value is {
  name: string;
  description?: string;
  parameters: JsonSchema;
  execute: (args: never) => unknown;
} =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { execute?: unknown }).execute === 'function' &&
  typeof (value as { parameters?: unknown }).parameters === 'object';

/**
 * Imports `path` and collects its tools: every export (or element of an exported array, the default
 * export included) that is a `defineTool` result, or a plain `{ name, description, parameters,
 * execute }` object with a JSON Schema, which is passed to `defineTool`.
 *
 * @throws UsageError when the file is missing or exports no tools.
 */
export async function loadTools(path: string): Promise<AnyTool[]> {
  const file = resolve(path);
  if (!existsSync(file))
    throw new UsageError(
      `--tools: no file at ${file}; pass a .js or .mjs module that exports tools.`,
    );
  const { defineTool } = await import('@weft/core');
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const found = new Map<string, AnyTool>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (isTool(value)) {
      found.set(value.name, value);
    } else if (isConfig(value)) {
      found.set(
        value.name,
        defineTool<unknown>({
          name: value.name,
          description: value.description ?? value.name,
          parameters: value.parameters,
          execute: value.execute as (args: unknown) => unknown,
        }) as AnyTool,
      );
    }
  };
  for (const value of Object.values(mod)) visit(value);
  if (found.size === 0) {
    throw new UsageError(
      `--tools: ${file} exports no tools; export defineTool(...) results or { name, parameters, execute } objects.`,
    );
  }
  return [...found.values()];
}
