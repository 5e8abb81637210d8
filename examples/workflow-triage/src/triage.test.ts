import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '@weft/local-server';
import { expect, it } from 'vitest';
import { runTriage, triageScript } from './triage.js';

async function run(request: string, approve: boolean) {
  const server = await startLocalServer({ port: 0, script: triageScript });
  const dir = mkdtempSync(join(tmpdir(), 'weft-triage-'));
  let printed = '';
  try {
    const result = await runTriage({
      baseURL: server.baseURL,
      dbPath: join(dir, 'weft.db'),
      request,
      approve,
      write: (t) => (printed += t),
    });
    return { result, printed };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('runs a refund through classification, lookup, approval and summary', async () => {
  const { result, printed } = await run('I want my money back for order A-42', true);
  expect(result).toMatchObject({
    status: 'completed',
    endStep: 'done',
    output: {
      category: 'refund',
      approved: true,
      summary: 'The refund of 42.50 EUR was approved.',
    },
  });
  expect(printed).toContain('flowchart TD');
  expect(printed).toContain('… approve waits: Refund 42.5 EUR for order A-42?');
});

it('answers a question on the default branch', async () => {
  const { result } = await run('When do you open?', true);
  expect(result).toMatchObject({
    endStep: 'answered',
    output: { category: 'question', answer: 'We open at nine.' },
  });
});
