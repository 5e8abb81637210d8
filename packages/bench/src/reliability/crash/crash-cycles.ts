/**
 * The crash cycles of the reliability suite (`crash_cycles`, `lost_turns`, `duplicated_turns`):
 * each cycle starts a child doing a stream turn, a background turn or a workflow run against a
 * slow local server, kills it with SIGKILL at a seeded point of the turn, lets a second child
 * resume from the SQLite file, and then checks the file directly (see `crash-check.ts`).
 */
import { join } from 'node:path';
import { startLocalServer } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import type { ReliabilityContext, ReliabilityFigures, ReliabilityPart } from '../contract.js';
import {
  builtChildCommand,
  startChild,
  type ChildCommand,
  type ChildMessage,
} from './child-process.js';
import { checkSend, type SendVerdict } from './crash-check.js';
import { planCrashCycles, type CrashCycle, type KillPhase } from './crash-plan.js';
import { crashScript, cyclePrompt, workflowPrompts } from './crash-script.js';
import { CRASH_RESUME, CRASH_START, type CycleArg } from './crash-weft.js';
import { readConversation } from './stored-turns.js';

/** Options of {@link crashCyclesPart}. */
export interface CrashCyclesOptions {
  /** How children are started (default: the built suite entry). */
  readonly command?: ChildCommand | undefined;
  /** Cycles to run (default: 100 with `--full`, 6 otherwise). */
  readonly cycles?: number | undefined;
  /** The cycles themselves instead of a seeded plan (tests aim at one point). */
  readonly plan?: readonly CrashCycle[] | undefined;
}

/** The announcement each phase's kill delay counts from. */
const markerOf: Readonly<Record<KillPhase, string>> = {
  start: 'start',
  stored: 'stored',
  streaming: 'created',
  completing: 'completing',
  head: 'head',
  saving: 'saving',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

interface CycleOutcome {
  readonly verdicts: readonly SendVerdict[];
  /** The last point the first child announced before its kill; undefined when it failed first. */
  readonly landed: string | undefined;
  readonly summary: string;
}

/** Kills the first child at the cycle's point; returns where the kill landed. */
async function killAtPoint(
  cycle: CrashCycle,
  start: ReturnType<typeof startChild>,
): Promise<{ readonly label: string; readonly landed: string }> {
  const marker = markerOf[cycle.phase];
  let seen = 0;
  const reached = await start.next(
    (m) => m['at'] === 'finished' || (m['at'] === marker && seen++ === cycle.occurrence),
    // Includes loading the child, which takes long on a busy machine.
    120_000,
  );
  await sleep(cycle.killDelayMs);
  const last = String(start.messages.at(-1)?.['at']);
  await start.kill();
  return reached['at'] === 'finished'
    ? { label: 'after the work finished', landed: 'finished' }
    : { label: `${marker}+${cycle.killDelayMs}ms (last point: ${last})`, landed: last };
}

async function runCycle(
  context: ReliabilityContext,
  command: ChildCommand,
  cycle: CrashCycle,
  baseURL: string,
  store: SqliteStore,
): Promise<CycleOutcome> {
  const arg: CycleArg = {
    cycle: cycle.index,
    kind: cycle.kind,
    baseURL,
    dbPath: store.path,
    conversationId: `conv_crash_${cycle.index}`,
    prompt: cyclePrompt(cycle.index),
    runId: `run_crash_${cycle.index}`,
  };
  if (cycle.kind !== 'workflow') {
    await Effect.runPromise(
      store.turns.createConversation({ id: arg.conversationId, createdAt: Date.now() }),
    );
  }
  const childOptions = {
    apiKey: context.sentinels.apiKey,
    observe: (text: string) => context.observe(text),
  };
  const problems: string[] = [];
  const start = startChild(command, CRASH_START, arg, childOptions);
  // Loads while the first child runs; it waits for the go-ahead before it opens the file.
  const resume = startChild(command, CRASH_RESUME, arg, childOptions);
  let killed: { readonly label: string; readonly landed: string } | undefined;
  try {
    killed = await killAtPoint(cycle, start);
  } catch (error) {
    await start.kill();
    problems.push(`the first child failed before its kill point: ${describeError(error)}`);
  }
  let done: ChildMessage | undefined;
  try {
    resume.send({ go: true });
    done = await resume.next((m) => m['done'] === true, 90_000);
    await resume.exited;
  } catch (error) {
    await resume.kill();
    problems.push(`the resuming child failed: ${describeError(error)}`);
  }
  // A workflow run's conversation has the run's id.
  const conversationId =
    typeof done?.['conversationId'] === 'string'
      ? done['conversationId']
      : cycle.kind === 'workflow'
        ? arg.runId
        : arg.conversationId;
  const prompts = cycle.kind === 'workflow' ? workflowPrompts(cycle.index) : [arg.prompt];
  let verdicts: SendVerdict[];
  try {
    const stored = await readConversation(store, conversationId);
    verdicts = prompts.map((prompt) => checkSend(stored, prompt));
  } catch (error) {
    verdicts = prompts.map((prompt) => ({
      prompt,
      lost: 1,
      duplicated: 0,
      problems: [`the store cannot be read: ${describeError(error)}`],
    }));
  }
  if (problems.length > 0) {
    verdicts = verdicts.map((v) => ({ ...v, problems: [...problems, ...v.problems] }));
  }
  const actions = Array.isArray(done?.['actions'])
    ? (done['actions'] as unknown[]).join(', ')
    : 'no report';
  return {
    verdicts,
    landed: killed?.landed,
    summary: `killed ${killed?.label ?? 'never'}; resume: ${actions}`,
  };
}

/** The crash-cycles part, with an injectable child command (tests run the TypeScript sources). */
export function crashCyclesPart(options: CrashCyclesOptions = {}): ReliabilityPart {
  return {
    name: 'crash-cycles',
    run: async (context): Promise<Partial<ReliabilityFigures>> => {
      const command = options.command ?? builtChildCommand();
      const plan =
        options.plan ?? planCrashCycles(options.cycles ?? (context.full ? 100 : 6), context.seed);
      const count = plan.length;
      const server = await startLocalServer({
        port: 0,
        apiKey: context.sentinels.apiKey,
        script: crashScript,
        seed: context.seed,
      });
      const stores = new Map<number, SqliteStore>();
      const storeFor = (n: number): SqliteStore => {
        let store = stores.get(n);
        if (store === undefined) {
          store = openSqliteStore({
            path: join(context.workDir, `crash-${n}.db`),
            busyTimeoutMs: 20_000,
          });
          stores.set(n, store);
        }
        return store;
      };
      let lost = 0;
      let duplicated = 0;
      let killed = 0;
      const landings = new Map<string, number>();
      try {
        context.log(`crash cycles: ${count} (seed ${context.seed})`);
        for (const cycle of plan) {
          const outcome = await runCycle(
            context,
            command,
            cycle,
            server.baseURL,
            storeFor(cycle.database),
          );
          const where = `cycle ${cycle.index} (${cycle.kind}, ${cycle.phase}${cycle.occurrence === 1 ? ', second step' : ''}, seed ${context.seed})`;
          for (const verdict of outcome.verdicts) {
            lost += verdict.lost;
            duplicated += verdict.duplicated;
            const detail = `${where}, "${verdict.prompt}": ${verdict.problems.join('; ')} — ${outcome.summary}`;
            if (verdict.lost > 0) context.violation('lost_turns', detail);
            if (verdict.duplicated > 0) context.violation('duplicated_turns', detail);
            if (verdict.lost === 0 && verdict.duplicated === 0 && verdict.problems.length > 0)
              context.log(`  note: ${detail}`);
          }
          if (outcome.landed !== undefined) {
            killed += 1;
            landings.set(outcome.landed, (landings.get(outcome.landed) ?? 0) + 1);
          }
          const bad = outcome.verdicts.some((v) => v.lost > 0 || v.duplicated > 0);
          context.log(`  ${where}: ${bad ? 'VIOLATION' : 'ok'} — ${outcome.summary}`);
        }
        const spread = [...landings].map(([point, n]) => `${point} ${n}`).join(', ');
        context.log(
          `crash cycles: ${killed} of ${count} killed; last point before the kill: ${spread}`,
        );
      } finally {
        for (const store of stores.values()) store.close();
        await server.close();
      }
      // Only cycles whose first child was really killed count: a child that failed first tested nothing.
      return { crash_cycles: killed, lost_turns: lost, duplicated_turns: duplicated };
    },
  };
}

/** The part the suite runs. */
export const crashCycles: ReliabilityPart = crashCyclesPart();
