/**
 * The first child of a crash cycle: starts the cycle's work (a stream turn, a background turn, or a
 * workflow run whose model steps stream) and announces each point of it on stdout, until the
 * suite kills it with SIGKILL. It never exits by itself: a kill after the work finished is a kill
 * of an idle process, which must lose nothing either.
 */
import { createWorkflowRunner } from '@weft/workflow';
import { announcingSnapshots, announcingTurns } from './announcing-turns.js';
import { childApiKey, say } from './child-process.js';
import { crashWorkflow } from './crash-script.js';
import { cycleWeft, openCycleStore, type CycleArg } from './crash-weft.js';

/** Child main `crash-start`: `arg` is a {@link CycleArg} as JSON. */
export async function crashStartMain(arg: string): Promise<void> {
  const cycle = JSON.parse(arg) as CycleArg;
  const store = openCycleStore(cycle);
  const weft = cycleWeft(cycle, childApiKey(), {
    turns: announcingTurns(store.turns),
    jobs: store.jobs,
    snapshots: announcingSnapshots(store.snapshots),
  });
  if (cycle.kind === 'workflow') {
    const runner = createWorkflowRunner({ weft });
    say({ at: 'start' });
    const run = await runner.start(crashWorkflow, { cycle: cycle.cycle }, { runId: cycle.runId });
    await run.result;
  } else {
    const convo = await weft.open(cycle.conversationId);
    say({ at: 'start' });
    await convo.send(cycle.prompt).result;
  }
  say({ at: 'finished' });
  // Never resolves: the caller would exit, and this child must wait for its kill.
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}
