/**
 * Reading a workflow document (an object, JSON or YAML text): schema validation and the static
 * checks together, so one call reports every problem.
 *
 * @module
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InvalidWorkflow, type WorkflowIssue } from '../errors.js';
import { checkWorkflow, type CheckOptions } from './check.js';
import {
  Step,
  StepName,
  WorkflowDocument,
  type StepDefinition,
  type WorkflowDefinition,
} from './schema.js';

/** The outcome of {@link validateWorkflow}. */
export type ValidationResult =
  | { readonly ok: true; readonly definition: WorkflowDefinition; readonly issues: readonly [] }
  | {
      readonly ok: false;
      readonly definition: undefined;
      readonly issues: readonly WorkflowIssue[];
    };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function describeIssue(issue: z.core.$ZodIssue): WorkflowIssue[] {
  const path = issue.path.map(String).join('.');
  const join = (extra: string): string => (path === '' ? extra : `${path}.${extra}`);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: join(key),
        code: 'schema',
        message: `unknown field "${key}"`,
      }));
    case 'invalid_type': {
      const received = issue.message.match(/received (\w+)/)?.[1];
      return [
        {
          path,
          code: 'schema',
          message:
            received === 'undefined'
              ? `required: expected ${issue.expected}`
              : `expected ${issue.expected}, got ${received ?? 'another type'}`,
        },
      ];
    }
    case 'invalid_union':
      if ('discriminator' in issue && 'options' in issue && Array.isArray(issue.options)) {
        return [{ path, code: 'schema', message: `expected one of ${issue.options.join(', ')}` }];
      }
      return [{ path, code: 'schema', message: issue.message }];
    case 'invalid_key':
      return [{ path, code: 'schema', message: issue.issues[0]?.message ?? issue.message }];
    default:
      return [{ path, code: 'schema', message: issue.message }];
  }
}

/** Re-reads what did parse, so the static checks can still report on the healthy part. */
function salvage(raw: unknown): { doc: WorkflowDefinition; broken: Set<string> } | undefined {
  if (!isRecord(raw) || typeof raw['start'] !== 'string' || !isRecord(raw['steps']))
    return undefined;
  const steps: Record<string, StepDefinition> = {};
  const broken = new Set<string>();
  for (const [name, value] of Object.entries(raw['steps'])) {
    if (!StepName.safeParse(name).success) continue;
    const parsed = Step.safeParse(value);
    if (parsed.success) steps[name] = parsed.data;
    else {
      broken.add(name);
      steps[name] = { type: 'end', status: 'completed' };
    }
  }
  const onError = typeof raw['onError'] === 'string' ? raw['onError'] : undefined;
  return {
    doc: {
      id: typeof raw['id'] === 'string' ? raw['id'] : 'workflow',
      version: 1,
      start: raw['start'],
      steps,
      ...(onError !== undefined ? { onError } : {}),
      ...(isRecord(raw['state']) ? { state: raw['state'] } : {}),
      ...(isRecord(raw['input']) ? { input: raw['input'] } : {}),
    },
    broken,
  };
}

/**
 * Validates a workflow document and runs the static checks, returning every problem found.
 *
 * @example
 * const result = validateWorkflow(doc, { tools: ['lookup_order'] });
 * if (!result.ok) for (const i of result.issues) console.error(`${i.path}: ${i.message}`);
 */
export function validateWorkflow(raw: unknown, options: CheckOptions = {}): ValidationResult {
  const parsed = WorkflowDocument.safeParse(raw);
  if (parsed.success) {
    const issues = checkWorkflow(parsed.data, options);
    return issues.length === 0
      ? { ok: true, definition: parsed.data, issues: [] }
      : { ok: false, definition: undefined, issues };
  }
  const issues = parsed.error.issues.flatMap(describeIssue);
  const partial = salvage(raw);
  if (partial !== undefined) {
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of checkWorkflow(partial.doc, options)) {
      if (partial.broken.size > 0 && issue.code === 'unreachable') continue;
      if (
        [...partial.broken].some(
          (b) => issue.path === `steps.${b}` || issue.path.startsWith(`steps.${b}.`),
        )
      )
        continue;
      if (!seen.has(issue.path)) issues.push(issue);
    }
  }
  return { ok: false, definition: undefined, issues };
}

const idOf = (raw: unknown): string | undefined =>
  isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : undefined;

/**
 * Validates a workflow document (an object) and returns the definition with defaults applied.
 *
 * @throws {InvalidWorkflow} listing every problem with its path.
 * @example
 * const definition = parseWorkflow(JSON.parse(text));
 */
export function parseWorkflow(raw: unknown, options: CheckOptions = {}): WorkflowDefinition {
  const result = validateWorkflow(raw, options);
  if (!result.ok) throw new InvalidWorkflow({ workflowId: idOf(raw), issues: result.issues });
  return result.definition;
}

/**
 * Reads a workflow from YAML (or JSON, which is YAML) text.
 *
 * @throws {InvalidWorkflow} when the text is not YAML or the document is invalid.
 * @example
 * const definition = parseWorkflowYaml(readFileSync('triage.workflow.yaml', 'utf8'));
 */
export function parseWorkflowYaml(text: string, options: CheckOptions = {}): WorkflowDefinition {
  let raw: unknown;
  try {
    raw = parseYaml(text) as unknown;
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid YAML') : String(error);
    throw new InvalidWorkflow({
      workflowId: undefined,
      issues: [{ path: '', code: 'syntax', message: `not valid YAML: ${message}` }],
    });
  }
  return parseWorkflow(raw, options);
}
