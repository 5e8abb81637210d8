/**
 * The second child of a crash cycle: opens the file the killed child wrote and finishes its work
 * the way an application restarting after a crash would.
 *
 * - Stream and background turns: a background worker first takes over every job whose lease ran
 *   out (`resumeJobs()`); then `weft.open` rebuilds the conversation (a background turn still
 *   running re-attaches to its job; a stream turn cut off is recorded as interrupted and the
 *   conversation opens `failed`, where `retry()` re-sends its input). Last, the application's own
 *   check: when the head chain still has no completed answer to its prompt (the kill came before
 *   the turn was stored), it sends the prompt again.
 * - Workflow runs: `runner.resume(runId)` when the run was stored, `runner.start` with the same
 *   run id otherwise; either way the run is driven to its end.
 *
 * Waits for one line on stdin (the go-ahead) before it touches the file. Prints `{"done":true,"conversationId":…,"actions":[…]}` and exits.
 */
import { createInterface } from 'node:readline';
import { createBackgroundWorker } from '@weft/adapter-background';
import { createOpenAIResponsesClient, type Conversation, type Turn } from '@weft/core';
import type { SqliteStore } from '@weft/store-sqlite';
import { createWorkflowRunner } from '@weft/workflow';
import { Effect } from 'effect';
import { childApiKey, say } from './child-process.js';
import { crashWorkflow } from './crash-script.js';
import { cycleWeft, LEASE_MS, openCycleStore, type CycleArg } from './crash-weft.js';
import { asks } from './stored-turns.js';

const SETTLE_LIMIT_MS = 30_000;

/** Resolves with the next line on stdin. */
function nextLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) =>
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    }),
  );
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes over every unfinished background job until none is left. */
async function finishJobs(store: SqliteStore, cycle: CycleArg, apiKey: string): Promise<number> {
  const worker = createBackgroundWorker({
    client: createOpenAIResponsesClient({ baseURL: cycle.baseURL, apiKey }),
    turns: store.turns,
    jobs: store.jobs,
    leaseMs: LEASE_MS,
    pollIntervalMs: 25,
    poll: { initialMs: 10, maxMs: 40 },
  });
  let finished = 0;
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  try {
    for (;;) {
      const active = await Effect.runPromise(store.jobs.listJobs({ status: 'active' }));
      if (active.length === 0) return finished;
      if (Date.now() > deadline) throw new Error(`${active.length} background jobs never finished`);
      finished += (await worker.resumeJobs()).length;
      await sleep(50);
    }
  } finally {
    await worker.stop();
  }
}

/** Waits until the conversation rests (idle, failed, cancelled or waiting for a person). */
async function settled(convo: Conversation): Promise<string> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (!['idle', 'failed', 'cancelled', 'awaitingApproval'].includes(convo.state)) {
    if (Date.now() > deadline) throw new Error(`the conversation stayed ${convo.state}`);
    await sleep(20);
  }
  return convo.state;
}

const answers = (turn: Turn, prompt: string): boolean =>
  turn.status === 'completed' && asks(turn, prompt);

async function resumeConversation(
  store: SqliteStore,
  cycle: CycleArg,
  apiKey: string,
): Promise<string[]> {
  const actions: string[] = [];
  if (cycle.kind !== 'stream')
    actions.push(`jobs finished by the worker: ${await finishJobs(store, cycle, apiKey)}`);
  const weft = cycleWeft(cycle, apiKey, store);
  try {
    const convo = await weft.open(cycle.conversationId);
    const state = await settled(convo);
    actions.push(`opened ${state}`);
    if (state === 'failed') {
      await convo.retry().result;
      actions.push('retried');
    }
    const history = await convo.history();
    if (!history.some((turn) => answers(turn, cycle.prompt))) {
      await convo.send(cycle.prompt).result;
      actions.push('sent again');
    }
  } finally {
    await weft.close();
  }
  return actions;
}

async function resumeWorkflow(
  store: SqliteStore,
  cycle: CycleArg,
  apiKey: string,
): Promise<{ actions: string[]; conversationId: string }> {
  const weft = cycleWeft(cycle, apiKey, store);
  const runner = createWorkflowRunner({ weft });
  try {
    const stored = (await runner.list()).some((run) => run.runId === cycle.runId);
    const run = stored
      ? await runner.resume(cycle.runId)
      : await runner.start(crashWorkflow, { cycle: cycle.cycle }, { runId: cycle.runId });
    const result = await run.result;
    return {
      actions: [stored ? 'resumed' : 'started again', `ended ${result.status}`],
      conversationId: result.conversationId,
    };
  } finally {
    await runner.close();
    await weft.close();
  }
}

/** Child main `crash-resume`: `arg` is a {@link CycleArg} as JSON. */
export async function crashResumeMain(arg: string): Promise<void> {
  const cycle = JSON.parse(arg) as CycleArg;
  const apiKey = childApiKey();
  // Started while the first child still runs, so its loading overlaps the cycle: nothing is
  // opened until the suite says the first child is dead.
  await nextLine();
  const store = openCycleStore(cycle);
  try {
    if (cycle.kind === 'workflow') {
      const { actions, conversationId } = await resumeWorkflow(store, cycle, apiKey);
      say({ done: true, conversationId, actions });
    } else {
      const actions = await resumeConversation(store, cycle, apiKey);
      say({ done: true, conversationId: cycle.conversationId, actions });
    }
  } finally {
    store.close();
  }
}
