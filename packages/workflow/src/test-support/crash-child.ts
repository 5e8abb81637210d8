/**
 * A process that starts the triage workflow and hangs inside the tool step, printing `IN_TOOL`
 * first, so the test can kill it there: `node … crash-child.ts <baseURL> <dbPath> <runId>`.
 */
import { createWeft } from '@weft/core';
import { fixedClock, sequentialIds } from '@weft/core/testing';
import { openSqliteStore } from '@weft/store-sqlite';
import { parseWorkflowYaml } from '../definition/parse.js';
import { createWorkflowRunner } from '../runtime/runner.js';
import { lookupOrderTool, triageYaml } from './triage.js';

const [baseURL, dbPath, runId] = process.argv.slice(2) as [string, string, string];
const store = openSqliteStore({ path: dbPath });
const clock = fixedClock(Date.UTC(2026, 0, 1), 1);
const ids = sequentialIds();
const weft = createWeft({
  client: { baseURL, apiKey: 'local' },
  store,
  clock,
  ids,
  defaults: { model: 'scripted-1' },
});
const hang = (): Promise<never> => {
  process.stdout.write('IN_TOOL\n');
  return new Promise<never>(() => undefined);
};
const runner = createWorkflowRunner({ weft, tools: [lookupOrderTool([], hang)], clock, ids });
await runner.start(
  parseWorkflowYaml(triageYaml),
  { request: 'I want my money back', orderId: 'A-42' },
  { runId },
);
