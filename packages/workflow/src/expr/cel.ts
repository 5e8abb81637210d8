/**
 * CEL expressions (https://cel.dev) for branch conditions, loop conditions, map lists and state
 * assignments, evaluated by `@marcbachmann/cel-js`: no code is executed, only the expression.
 *
 * @module
 */
import { parse, type ASTNode } from '@marcbachmann/cel-js';
import type { Reference } from './template.js';

type Compiled = ReturnType<typeof parse>;
const cache = new Map<string, Compiled>();

function compile(expression: string): Compiled {
  let compiled = cache.get(expression);
  if (compiled === undefined) {
    compiled = parse(expression);
    if (cache.size > 1000) cache.clear();
    cache.set(expression, compiled);
  }
  return compiled;
}

/** The parse error of an expression (first line), or undefined when it parses. */
export function celSyntaxError(expression: string): string | undefined {
  try {
    compile(expression);
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid expression';

/** JSON → CEL values: integers become CEL ints, so `state.n + 1` type-checks. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toCel(v)]),
    );
  }
  return value;
}

/** CEL values → JSON. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v)]));
  }
  if (value instanceof Uint8Array) return [...value];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  }
  return value;
}

/** Thrown when an expression cannot be evaluated against the scope (missing key, wrong type). */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
  readonly expression: string;
  constructor(expression: string, detail: string) {
    super(`CEL expression \`${expression}\` failed: ${detail}`);
    this.expression = expression;
  }
}

/**
 * Evaluates an expression over a JSON scope and returns JSON.
 * @throws {EvaluationError} when it does not parse or cannot be evaluated.
 */
export function evaluateCel(expression: string, scope: Record<string, unknown>): unknown {
  try {
    return fromCel(compile(expression)(toCel(scope) as Record<string, unknown>));
  } catch (error) {
    throw new EvaluationError(expression, firstLine(error));
  }
}

/** The variable paths an expression reads (`steps.a.output.x`), for the static checks. */
export function celReferences(expression: string): readonly Reference[] {
  let ast: ASTNode;
  try {
    ast = compile(expression).ast;
  } catch {
    return [];
  }
  const refs: Reference[] = [];
  const chain = (node: ASTNode): string[] | undefined => {
    if (node.op === 'id') return [node.args as string];
    if (node.op === '.' || node.op === '.?') {
      const [inner, field] = node.args as [ASTNode, string];
      const base = chain(inner);
      return base === undefined ? undefined : [...base, field];
    }
    return undefined;
  };
  const bound = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const n = node as ASTNode;
    if (typeof n.op !== 'string') return;
    const segments = chain(n);
    if (segments !== undefined) {
      if (!bound.has(segments[0] ?? '')) refs.push({ segments, text: segments.join('.') });
      return;
    }
    // Macro variables (`l.map(x, x * 2)`, `exists(x, …)`) are not workflow paths.
    if (n.op === 'rcall') {
      const [, , args] = n.args as [string, ASTNode, ASTNode[]];
      const first = args[0];
      if (first?.op === 'id') bound.add(first.args as string);
    }
    walk(n.args);
  };
  walk(ast);
  return refs;
}
