/**
 * The conflict trials of the reliability suite (`conflict_trials`, `conflict_violations`): two
 * child processes append to one conversation of a SQLite file at the same moment, N times. Each
 * trial both reopen the conversation (reading version v), wait at a barrier until both have, then
 * send; each begins a turn on v and tries to move the head. Exactly one may win (see
 * `trial-check.ts`).
 */
import { join } from 'node:path';
import { startLocalServer } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import type { Turn } from '@weft/core';
import { Effect } from 'effect';
import type { ReliabilityContext, ReliabilityFigures, ReliabilityPart } from '../contract.js';
import {
  builtChildCommand,
  startChild,
  type Child,
  type ChildCommand,
} from '../crash/child-process.js';
import { replyTemplate } from '../crash/crash-script.js';
import { asks } from '../crash/stored-turns.js';
import { CONFLICT_APPENDER, trialPrompt, type AppenderArg } from './conflict-child.js';
import { checkTrial, type TrialReport } from './trial-check.js';

/** Options of {@link conflictTrialsPart}. */
export interface ConflictTrialsOptions {
  /** How children are started (default: the built suite entry). */
  readonly command?: ChildCommand | undefined;
  /** Trials to run (default: 100 with `--full`, 10 otherwise). */
  readonly trials?: number | undefined;
}

const CONVERSATION = 'conv_conflicts';
const NAMES = ['a', 'b'] as const;
const REPLY_LIMIT_MS = 60_000;
/** The first answer includes loading the child, which takes long on a busy machine. */
const FIRST_REPLY_LIMIT_MS = 180_000;

async function allTurns(store: SqliteStore): Promise<readonly Turn[]> {
  const jsonl = await Effect.runPromise(store.exportJsonl({ conversationId: CONVERSATION }));
  return jsonl
    .split('\n')
    .filter((line) => line.includes('"type":"turn"'))
    .map((line) => (JSON.parse(line) as { data: Turn }).data);
}

/** Runs one trial; returns what broke, empty when it held. */
async function runTrial(
  trial: number,
  children: readonly Child[],
  store: SqliteStore,
): Promise<string[]> {
  const before = await Effect.runPromise(store.turns.getConversation(CONVERSATION));
  children.forEach((child) => child.send({ cmd: 'open', trial }));
  const ready = await Promise.all(
    children.map((child) =>
      child.next((m) => m['ready'] === trial, trial === 0 ? FIRST_REPLY_LIMIT_MS : REPLY_LIMIT_MS),
    ),
  );
  // The barrier: neither is told to go before both have read the conversation.
  children.forEach((child) => child.send({ cmd: 'go', trial }));
  const outcomes = await Promise.all(
    children.map((child) => child.next((m) => m['trial'] === trial, REPLY_LIMIT_MS)),
  );
  const reports: TrialReport[] = NAMES.map((name, i) => ({
    name,
    prompt: trialPrompt(trial, name),
    outcome: String(outcomes[i]?.['outcome']),
    turnId: typeof outcomes[i]?.['turnId'] === 'string' ? (outcomes[i]['turnId'] as string) : null,
    version: Number(ready[i]?.['version']),
    head: typeof ready[i]?.['head'] === 'string' ? (ready[i]['head'] as string) : null,
  }));
  const after = await Effect.runPromise(store.turns.getConversation(CONVERSATION));
  const turns = await allTurns(store);
  const turnsOf = new Map(reports.map((r) => [r.name, turns.filter((t) => asks(t, r.prompt))]));
  const problems = checkTrial(reports, {
    before: { version: before.version, head: before.headTurnId },
    after,
    turnsOf,
  });
  const loser = outcomes.find((o) => o['outcome'] !== 'ok');
  if (problems.length > 0 && typeof loser?.['message'] === 'string')
    problems.push(`loser's error: ${loser['message']}`);
  return problems;
}

/** The conflict-trials part, with an injectable child command (tests run the TypeScript sources). */
export function conflictTrialsPart(options: ConflictTrialsOptions = {}): ReliabilityPart {
  return {
    name: 'conflicts',
    run: async (context: ReliabilityContext): Promise<Partial<ReliabilityFigures>> => {
      const command = options.command ?? builtChildCommand();
      const trials = options.trials ?? (context.full ? 100 : 10);
      const server = await startLocalServer({
        port: 0,
        apiKey: context.sentinels.apiKey,
        seed: context.seed,
        script: {
          rules: [
            {
              name: 'conflict trial',
              match: { input: 'conflict trial' },
              reply: { text: replyTemplate },
              // Both requests are in flight together: neither turn ends before the other began.
              faults: { delayFirstMs: 40 },
            },
          ],
        },
      });
      const store = openSqliteStore({
        path: join(context.workDir, 'conflicts.db'),
        busyTimeoutMs: 20_000,
      });
      const children: Child[] = [];
      let violations = 0;
      try {
        await Effect.runPromise(
          store.turns.createConversation({ id: CONVERSATION, createdAt: Date.now() }),
        );
        for (const name of NAMES) {
          const arg: AppenderArg = {
            name,
            baseURL: server.baseURL,
            dbPath: store.path,
            conversationId: CONVERSATION,
          };
          children.push(
            startChild(command, CONFLICT_APPENDER, arg, {
              apiKey: context.sentinels.apiKey,
              observe: (text) => context.observe(text),
            }),
          );
        }
        context.log(`conflict trials: ${trials}, two processes on one SQLite file`);
        for (let trial = 0; trial < trials; trial++) {
          const problems = await runTrial(trial, children, store);
          if (problems.length > 0) {
            violations += 1;
            context.violation(
              'conflict_violations',
              `trial ${trial} (seed ${context.seed}): ${problems.join('; ')}`,
            );
          }
        }
        context.log(`conflict trials: ${trials - violations} of ${trials} with exactly one winner`);
      } finally {
        children.forEach((child) => child.send({ cmd: 'exit' }));
        await Promise.all(
          children.map((child) =>
            Promise.race([child.exited, new Promise((r) => setTimeout(r, 5_000))]),
          ),
        );
        await Promise.all(children.map((child) => child.kill()));
        store.close();
        await server.close();
      }
      return { conflict_trials: trials, conflict_violations: violations };
    },
  };
}

/** The part the suite runs. */
export const conflictTrials: ReliabilityPart = conflictTrialsPart();
