import * as fc from 'fast-check';
import {
  compileWorkflow,
  parseWorkflow,
  parseWorkflowYaml,
  validateWorkflow,
} from '@weft/workflow';
import type { FuzzTarget } from './fuzz-target.js';
import { PropertyViolation } from './fuzz-target.js';
import { junk, mutateJson, mutateText } from './junk.js';

/** A valid document using most step kinds, as the start of mutations. */
export const validDocument = {
  id: 'fuzzed',
  version: 1,
  title: 'Every step kind',
  input: {
    type: 'object',
    properties: {
      request: { type: 'string' },
      items: { type: 'array', items: { type: 'string' } },
    },
    required: ['request'],
  },
  onError: 'failed',
  start: 'classify',
  steps: {
    classify: {
      type: 'model',
      prompt: 'Classify: {{ input.request }}',
      output: {
        type: 'object',
        properties: { category: { type: 'string', enum: ['refund', 'question'] } },
        required: ['category'],
        additionalProperties: false,
      },
      next: 'route',
    },
    route: {
      type: 'branch',
      cases: [{ when: "steps.classify.output.category == 'refund'", next: 'lookup' }],
      default: 'each',
    },
    lookup: {
      type: 'tool',
      tool: 'lookup_order',
      args: { orderId: '{{ input.request }}' },
      next: 'approve',
    },
    approve: {
      type: 'wait',
      prompt: 'Approve?',
      schema: {
        type: 'object',
        properties: { approved: { type: 'boolean' } },
        required: ['approved'],
      },
      next: 'done',
    },
    each: {
      type: 'map',
      over: 'input.items',
      step: 'summarise_item',
      concurrency: 2,
      next: 'both',
    },
    summarise_item: { type: 'model', prompt: 'Summarise {{ item }}' },
    both: { type: 'parallel', branches: ['left', 'right'], join: 'all', next: 'again' },
    left: { type: 'model', prompt: 'Left view of {{ input.request }}' },
    right: { type: 'model', prompt: 'Right view of {{ input.request }}' },
    again: { type: 'loop', body: 'polish', maxIterations: 3, while: 'true', next: 'done' },
    polish: { type: 'model', prompt: 'Polish it.', next: 'again' },
    done: { type: 'end', output: { category: '{{ steps.classify.output.category }}' } },
    failed: { type: 'end', status: 'failed', output: { error: '{{ error.message }}' } },
  },
};

type WorkflowCase =
  | { readonly form: 'object'; readonly doc: unknown }
  | { readonly form: 'text'; readonly text: string };

/**
 * Mutated and random workflow documents through validate/parse (objects and YAML text): each must
 * be accepted or refused with `InvalidWorkflow`; `validateWorkflow` must never throw; whatever
 * parses must compile.
 */
export const workflowTarget: FuzzTarget = {
  name: 'workflow-definitions',
  setup() {
    const text = JSON.stringify(validDocument, null, 2);
    const arbitrary: fc.Arbitrary<WorkflowCase> = fc.oneof(
      {
        arbitrary: mutateJson(validDocument).map((doc) => ({ form: 'object' as const, doc })),
        weight: 5,
      },
      { arbitrary: junk.map((doc) => ({ form: 'object' as const, doc })), weight: 1 },
      { arbitrary: mutateText(text).map((t) => ({ form: 'text' as const, text: t })), weight: 2 },
      {
        arbitrary: fc.string({ maxLength: 120 }).map((t) => ({ form: 'text' as const, text: t })),
        weight: 1,
      },
    );
    return Promise.resolve({
      arbitrary,
      run(value: WorkflowCase) {
        if (value.form === 'object') {
          const result = validateWorkflow(value.doc, { tools: ['lookup_order'] });
          if (!result.ok && result.issues.length === 0) {
            throw new PropertyViolation(
              'validateWorkflow refused a document without naming an issue',
            );
          }
        }
        const definition =
          value.form === 'object'
            ? parseWorkflow(value.doc, { tools: ['lookup_order'] })
            : parseWorkflowYaml(value.text, { tools: ['lookup_order'] });
        compileWorkflow(definition);
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    });
  },
};
