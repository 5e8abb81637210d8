/**
 * The triage example: loads the workflow from YAML, runs it over a Weft stored in SQLite, prints
 * its progress, and answers the approval step the way a person would.
 */
import { readFileSync } from 'node:fs';
import { createWeft, defineTool } from '@weft/core';
import type { Script } from '@weft/local-server';
import { openSqliteStore } from '@weft/store-sqlite';
import {
  createWorkflowRunner,
  parseWorkflowYaml,
  toMermaid,
  type RunResult,
  type WorkflowEvent,
} from '@weft/workflow';
import { z } from 'zod';

/** The workflow document next to this package's sources. */
export const triageDefinition = parseWorkflowYaml(
  readFileSync(new URL('../triage.workflow.yaml', import.meta.url), 'utf8'),
  { tools: ['lookup_order'] },
);

/** What the scripted local model answers for this example. */
export const triageScript: Script = {
  rules: [
    {
      match: { input: 'Classify this customer request: I want my money back' },
      reply: { json: { category: 'refund' } },
    },
    {
      match: { input: 'Classify this customer request' },
      reply: { json: { category: 'question' } },
    },
    {
      match: { input: 'Summarise the refund decision' },
      reply: { text: 'The refund of 42.50 EUR was approved.' },
    },
    { match: { input: 'Answer this question' }, reply: { text: 'We open at nine.' } },
  ],
};

/** The order lookup the `lookup` step calls. */
export const lookupOrder = defineTool({
  name: 'lookup_order',
  description: 'Looks up an order by id.',
  parameters: z.object({ orderId: z.string() }),
  execute: ({ orderId }) => ({ orderId, total: 42.5, status: 'delivered' }),
});

/** Where the example runs. */
export interface TriageOptions {
  readonly baseURL: string;
  readonly dbPath: string;
  readonly request: string;
  /** How the person answers the approval step. */
  readonly approve: boolean;
  readonly write: (text: string) => void;
}

function describe(event: WorkflowEvent): string {
  switch (event.type) {
    case 'step.finished':
      return `  ✓ ${event.step} → ${JSON.stringify(event.output)}`;
    case 'step.waiting':
      return `  … ${event.step} waits: ${event.prompt ?? ''}`;
    case 'step.failed':
      return `  ✗ ${event.step}: ${event.error.message}`;
    case 'run.finished':
      return `run ${event.runId} ${event.status} at ${event.step}`;
    default:
      return '';
  }
}

/** Runs the triage workflow once and returns its result. */
export async function runTriage(options: TriageOptions): Promise<RunResult> {
  const store = openSqliteStore({ path: options.dbPath });
  const weft = createWeft({
    client: { baseURL: options.baseURL, apiKey: 'local' },
    store,
    defaults: { model: 'local-model' },
  });
  const runner = createWorkflowRunner({ weft, tools: [lookupOrder] });
  try {
    options.write(`${toMermaid(triageDefinition)}\n`);
    const run = await runner.start(triageDefinition, { request: options.request, orderId: 'A-42' });
    for await (const event of run.events()) {
      const line = describe(event);
      if (line !== '') options.write(`${line}\n`);
      if (event.type === 'step.waiting') {
        // A person would answer from a CLI or a web page; `runner.resume(run.id)` works from another process too.
        await run.send({ step: event.step, payload: { approved: options.approve } });
      }
    }
    return await run.result;
  } finally {
    await runner.close();
    await weft.close();
    store.close();
  }
}
