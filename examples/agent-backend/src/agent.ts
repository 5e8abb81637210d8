/**
 * What the chat service's assistant can do: one tool that runs freely, one that waits for a
 * person's approval, and the script the offline local model answers with.
 */
import { defineTool } from '@weft/core';
import type { Script } from '@weft/local-server';
import { z } from 'zod';

/** Looks an order up; runs without asking. */
export const lookupOrder = defineTool({
  name: 'lookup_order',
  description: 'Looks up an order by id.',
  parameters: z.object({ orderId: z.string() }),
  execute: ({ orderId }) => ({ orderId, total: 42.5, currency: 'EUR', status: 'delivered' }),
});

/** Refunds an order; a person must approve every call. */
export const issueRefund = defineTool({
  name: 'issue_refund',
  description: 'Refunds an order. Needs approval by a person.',
  parameters: z.object({ orderId: z.string(), amountEur: z.number() }),
  needsApproval: true,
  execute: ({ orderId, amountEur }) => ({ refunded: true, orderId, amountEur }),
});

/** The tools every conversation of the service gets. */
export const agentTools = [lookupOrder, issueRefund] as const;

/** The long answer of the `story` rule, exported so tests can compare what arrived with it. */
export const storyText =
  'Once upon a time a small loom in a quiet town wove conversations instead of cloth. ' +
  'Every thread it pulled was a turn, and every turn was kept, so that when the lights went out ' +
  'in the middle of a sentence the loom could pick the thread up again exactly where it had ' +
  'stopped. People came from far away to watch it, and each of them left with a story that no ' +
  'storm, no reload and no broken connection could cut short. The end.';

/** Options of {@link agentScript}. */
export interface AgentScriptOptions {
  /** Pause between streamed events, so people (and tests) can watch an answer arrive. */
  readonly delayBetweenMs?: number | undefined;
}

/** The script of the offline model: a refund that needs approval, an order lookup, a long story. */
export function agentScript(options: AgentScriptOptions = {}): Script {
  const delayBetweenMs = options.delayBetweenMs ?? 40;
  return {
    defaults: { faults: { delayBetweenMs } },
    rules: [
      {
        name: 'refund',
        match: { input: 'refund' },
        reply: {
          text: 'I can refund order A-42 for 42.50 EUR once you approve.',
          phase: 'commentary',
          functionCalls: [
            { name: 'issue_refund', arguments: { orderId: 'A-42', amountEur: 42.5 } },
          ],
        },
      },
      {
        name: 'refund approved',
        match: { functionOutput: { name: 'issue_refund', output: '"refunded":true' } },
        reply: { text: 'Done: order A-42 was refunded 42.50 EUR.' },
      },
      {
        name: 'refund rejected',
        match: { functionOutput: { name: 'issue_refund' } },
        reply: { text: 'Understood, I did not refund the order.' },
      },
      {
        name: 'order',
        match: { input: 'order' },
        reply: { functionCalls: [{ name: 'lookup_order', arguments: { orderId: 'A-42' } }] },
      },
      {
        name: 'order found',
        match: { functionOutput: { name: 'lookup_order' } },
        reply: { text: 'Order A-42 was delivered; it cost 42.50 EUR.' },
      },
      { name: 'story', match: { input: 'story' }, reply: { text: storyText } },
    ],
  };
}
