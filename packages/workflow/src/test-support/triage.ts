/**
 * The five-step triage workflow the tests share, in YAML and builder form, with its tool and the
 * local-server script.
 */
import { defineTool, type Tool } from '@weft/core';
import type { Script } from '@weft/local-server';
import { z } from 'zod';
import { workflow } from '../definition/builder.js';

export const triageYaml = `
id: triage
version: 1
title: Customer request triage
input:
  type: object
  properties:
    request: { type: string }
    orderId: { type: string }
  required: [request, orderId]
onError: failed
start: classify
steps:
  classify:
    type: model
    prompt: "Classify this customer request: {{ input.request }}"
    instructions: You sort customer requests into refund or question.
    output:
      type: object
      properties:
        category: { type: string, enum: [refund, question] }
      required: [category]
      additionalProperties: false
    next: route
  route:
    type: branch
    cases:
      - when: steps.classify.output.category == 'refund'
        next: lookup
    default: answer
  lookup:
    type: tool
    tool: lookup_order
    args:
      orderId: "{{ input.orderId }}"
    next: approve
  approve:
    type: wait
    prompt: "Refund {{ steps.lookup.output.total }} EUR for order {{ input.orderId }}?"
    schema:
      type: object
      properties:
        approved: { type: boolean }
        note: { type: string }
      required: [approved]
    next: summarise
  summarise:
    type: model
    prompt: "Summarise the refund decision for order {{ input.orderId }}: approved={{ steps.approve.output.approved }}"
    next: done
  answer:
    type: model
    prompt: "Answer this question: {{ input.request }}"
    next: answered
  done:
    type: end
    output:
      category: "{{ steps.classify.output.category }}"
      approved: "{{ steps.approve.output.approved }}"
      summary: "{{ steps.summarise.output }}"
  answered:
    type: end
    output:
      category: "{{ steps.classify.output.category }}"
      answer: "{{ steps.answer.output }}"
  failed:
    type: end
    status: failed
    output:
      error: "{{ error.message }}"
`;

/** The same document through the builder. */
export function buildTriage() {
  return workflow('triage')
    .version(1)
    .title('Customer request triage')
    .input({
      type: 'object',
      properties: { request: { type: 'string' }, orderId: { type: 'string' } },
      required: ['request', 'orderId'],
    })
    .onError('failed')
    .start('classify')
    .model('classify', {
      prompt: 'Classify this customer request: {{ input.request }}',
      instructions: 'You sort customer requests into refund or question.',
      output: {
        type: 'object',
        properties: { category: { type: 'string', enum: ['refund', 'question'] } },
        required: ['category'],
        additionalProperties: false,
      },
      next: 'route',
    })
    .branch('route', {
      cases: [{ when: "steps.classify.output.category == 'refund'", next: 'lookup' }],
      default: 'answer',
    })
    .tool('lookup', {
      tool: 'lookup_order',
      args: { orderId: '{{ input.orderId }}' },
      next: 'approve',
    })
    .wait('approve', {
      prompt: 'Refund {{ steps.lookup.output.total }} EUR for order {{ input.orderId }}?',
      schema: {
        type: 'object',
        properties: { approved: { type: 'boolean' }, note: { type: 'string' } },
        required: ['approved'],
      },
      next: 'summarise',
    })
    .model('summarise', {
      prompt:
        'Summarise the refund decision for order {{ input.orderId }}: approved={{ steps.approve.output.approved }}',
      next: 'done',
    })
    .model('answer', { prompt: 'Answer this question: {{ input.request }}', next: 'answered' })
    .end('done', {
      output: {
        category: '{{ steps.classify.output.category }}',
        approved: '{{ steps.approve.output.approved }}',
        summary: '{{ steps.summarise.output }}',
      },
    })
    .end('answered', {
      output: {
        category: '{{ steps.classify.output.category }}',
        answer: '{{ steps.answer.output }}',
      },
    })
    .end('failed', { status: 'failed', output: { error: '{{ error.message }}' } });
}

/** The local-server script: refunds are classified as refunds, everything else as questions. */
export const triageScript: Script = {
  rules: [
    {
      name: 'classify refund',
      match: { input: 'Classify this customer request: I want my money back' },
      reply: { json: { category: 'refund' } },
    },
    {
      name: 'classify question',
      match: { input: 'Classify this customer request' },
      reply: { json: { category: 'question' } },
    },
    {
      name: 'summary',
      match: { input: 'Summarise the refund decision' },
      reply: { text: 'Refund approved and issued.' },
    },
    {
      name: 'answer',
      match: { input: 'Answer this question' },
      reply: { text: 'We open at nine.' },
    },
  ],
};

/** Calls of the `lookup_order` tool, for assertions. */
export function lookupOrderTool(
  calls: string[] = [],
  hook: (orderId: string) => unknown = () => undefined,
): Tool<{ orderId: string }> {
  return defineTool({
    name: 'lookup_order',
    description: 'Looks up an order.',
    parameters: z.object({ orderId: z.string() }),
    onError: 'fail',
    execute: async ({ orderId }) => {
      calls.push(orderId);
      await hook(orderId);
      return { orderId, total: 42.5, status: 'delivered' };
    },
  });
}
