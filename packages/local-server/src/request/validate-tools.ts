import { invalidRequest } from '../internal/api-error.js';
import type { TextFormat, ToolDefinition } from '../model/types.js';
import { describeJsonType, isRecord } from './json-type.js';
import type { SchemaCompiler } from './schema-compiler.js';

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Tools as echoed in the Response, and the function tools the model sees. */
export interface ParsedTools {
  readonly echo: readonly unknown[];
  readonly functions: readonly ToolDefinition[];
}

function strictProblem(schema: unknown, path: string): string | null {
  if (!isRecord(schema)) return null;
  const type = schema['type'];
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object'));
  const properties = schema['properties'];
  if (isObject) {
    if (schema['additionalProperties'] !== false) {
      return `In context=(${path}), 'additionalProperties' is required to be supplied and to be false.`;
    }
    if (isRecord(properties)) {
      const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
      const missing = Object.keys(properties).filter((k) => !required.includes(k));
      if (missing.length > 0) {
        return `In context=(${path}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
      }
    }
  }
  if (isRecord(properties)) {
    for (const [key, sub] of Object.entries(properties)) {
      const problem = strictProblem(sub, path === '' ? `'properties', '${key}'` : `${path}, 'properties', '${key}'`);
      if (problem) return problem;
    }
  }
  if (isRecord(schema['items'])) return strictProblem(schema['items'], `${path}${path ? ', ' : ''}'items'`);
  return null;
}

/** Validate `tools`; function tools need a valid `name` and a compilable `parameters` schema. */
export function parseTools(value: unknown, compiler: SchemaCompiler): ParsedTools {
  if (value === undefined || value === null) return { echo: [], functions: [] };
  if (!Array.isArray(value)) {
    throw invalidRequest(
      `Invalid type for 'tools': expected an array, but got ${describeJsonType(value)} instead.`,
      'tools',
      'invalid_type',
    );
  }
  const echo: unknown[] = [];
  const functions: ToolDefinition[] = [];
  value.forEach((tool: unknown, i) => {
    const at = `tools[${i}]`;
    if (!isRecord(tool) || typeof tool['type'] !== 'string') {
      throw invalidRequest(`Missing required parameter: '${at}.type'.`, `${at}.type`, 'missing_required_parameter');
    }
    if (tool['type'] !== 'function') {
      echo.push(tool);
      return;
    }
    const name = tool['name'];
    if (typeof name !== 'string') {
      throw invalidRequest(`Missing required parameter: '${at}.name'.`, `${at}.name`, 'missing_required_parameter');
    }
    if (!NAME_PATTERN.test(name)) {
      throw invalidRequest(
        `Invalid '${at}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' and is at most 64 characters long.`,
        `${at}.name`,
        'invalid_value',
      );
    }
    const parameters = tool['parameters'];
    if (parameters !== undefined && parameters !== null && !isRecord(parameters)) {
      throw invalidRequest(
        `Invalid type for '${at}.parameters': expected an object, but got ${describeJsonType(parameters)} instead.`,
        `${at}.parameters`,
        'invalid_type',
      );
    }
    if (isRecord(parameters)) {
      const problem = compiler.check(parameters) ?? (tool['strict'] === true ? strictProblem(parameters, '') : null);
      if (problem !== null) {
        throw invalidRequest(
          `Invalid schema for function '${name}': ${problem}`,
          `${at}.parameters`,
          'invalid_function_parameters',
        );
      }
    }
    const description = typeof tool['description'] === 'string' ? tool['description'] : undefined;
    const strict = typeof tool['strict'] === 'boolean' ? tool['strict'] : undefined;
    functions.push({
      name,
      ...(description !== undefined ? { description } : {}),
      ...(isRecord(parameters) ? { parameters } : {}),
      ...(strict !== undefined ? { strict } : {}),
    });
    echo.push({
      type: 'function',
      name,
      description: description ?? null,
      parameters: isRecord(parameters) ? parameters : null,
      strict: strict ?? true,
    });
  });
  return { echo, functions };
}

/** Validate `text.format`; a `json_schema` format needs a valid `name` and a compilable `schema`. */
export function parseTextFormat(value: unknown, compiler: SchemaCompiler): TextFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isRecord(value)) {
    throw invalidRequest(
      `Invalid type for 'text.format': expected an object, but got ${describeJsonType(value)} instead.`,
      'text.format',
      'invalid_type',
    );
  }
  const type = value['type'];
  if (type === 'text' || type === 'json_object') return { type };
  if (type !== 'json_schema') {
    throw invalidRequest(
      `Invalid value: '${String(type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
      'text.format.type',
      'invalid_value',
    );
  }
  const name = value['name'];
  if (typeof name !== 'string') {
    throw invalidRequest(`Missing required parameter: 'text.format.name'.`, 'text.format.name', 'missing_required_parameter');
  }
  if (!NAME_PATTERN.test(name)) {
    throw invalidRequest(
      `Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' and is at most 64 characters long.`,
      'text.format.name',
      'invalid_value',
    );
  }
  const schema = value['schema'];
  if (!isRecord(schema)) {
    throw invalidRequest(`Missing required parameter: 'text.format.schema'.`, 'text.format.schema', 'missing_required_parameter');
  }
  const strict = value['strict'] === true;
  const problem = compiler.check(schema) ?? (strict ? strictProblem(schema, '') : null);
  if (problem !== null) {
    throw invalidRequest(`Invalid schema for response_format '${name}': ${problem}`, 'text.format.schema', 'invalid_json_schema');
  }
  return { type: 'json_schema', name, schema, ...(typeof value['strict'] === 'boolean' ? { strict: value['strict'] } : {}) };
}
