import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backgroundStrategy } from '@weft/adapter-background';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, isCoreError, type ExecutionStrategyName, type Weft } from '@weft/core';
import type { LocalServer } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { withTimeLimit } from '../time-limit.js';
import type { FaultCase } from './fault-cases.js';
import { fileLogger } from './file-logger.js';
import { consistencyProblems, readExport } from './store-consistency.js';

/** How one fault × strategy run ended. */
export type FaultOutcome =
  | { readonly kind: 'recovered'; readonly status: string }
  | { readonly kind: 'typed-error'; readonly tag: string }
  | { readonly kind: 'unhandled'; readonly detail: string };

/** What a run needs from the part. */
export interface FaultRunEnvironment {
  readonly server: LocalServer;
  readonly workDir: string;
  readonly apiKey: string;
  /** Sent as a second secret header the server ignores: it must not leak either. */
  readonly token: string;
  /** Longest a faulted send may take before it counts as a hang. */
  readonly sendLimitMs: number;
  readonly observe: (text: string) => void;
}

const model = 'gpt-5';

function makeWeft(
  c: FaultCase,
  strategy: ExecutionStrategyName,
  env: FaultRunEnvironment,
  base: string,
) {
  const store = openSqliteStore({ path: `${base}.db` });
  const weft = createWeft({
    client: {
      baseURL: env.server.baseURL,
      apiKey: env.apiKey,
      headers: { 'x-session-token': env.token },
      timeoutMs: c.clientTimeoutMs ?? 10_000,
    },
    store,
    strategies: {
      stream: streamStrategy(),
      // Bounded, so a stalled response ends in `Timeout` instead of being polled forever.
      background: backgroundStrategy({ maxDurationMs: 2500, poll: { initialMs: 50, maxMs: 200 } }),
    },
    defaults: {
      model,
      execution: strategy,
      contextStrategy: 'server',
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 1500 },
    },
    telemetry: { logger: fileLogger(`${base}.log`), logLevel: 'debug' },
  });
  return { store, weft };
}

/** Deletes a response on the server, as if it had expired. */
async function deleteResponse(env: FaultRunEnvironment, responseId: string): Promise<void> {
  const response = await fetch(`${env.server.baseURL}/responses/${responseId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${env.apiKey}` },
  });
  await response.body?.cancel();
}

/** Runs the case's action against the turn once it has started (and, for a delete, has a response id). */
async function act(
  c: FaultCase,
  weft: Weft,
  turnId: Promise<string | undefined>,
  cancel: () => void,
  env: FaultRunEnvironment,
): Promise<void> {
  if (c.action === undefined) return;
  const id = await turnId;
  if (id === undefined) return; // the send ended before its turn started
  if (c.action === 'cancel') {
    cancel();
    return;
  }
  for (let waited = 0; waited < 2000; waited += 25) {
    const turn = await Effect.runPromise(weft.store.turns.getTurn(id));
    if (turn.responseId !== null) {
      if (turn.status === 'pending' || turn.status === 'in_progress')
        await deleteResponse(env, turn.responseId);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * One fault under one execution strategy: a clean first turn, then the fault on the second send,
 * which must end in a typed Weft error or a transparent recovery within the time limit; then the
 * store is checked and exported (JSONL) next to its database and log.
 */
export async function runFaultCase(
  c: FaultCase,
  strategy: ExecutionStrategyName,
  env: FaultRunEnvironment,
): Promise<FaultOutcome> {
  const base = join(env.workDir, `${c.name}-${strategy}`);
  const { store, weft } = makeWeft(c, strategy, env, base);
  let outcome: FaultOutcome;
  let conversationId: string | undefined;
  let previousHead: string | null = null;
  try {
    const convo = await weft.conversation();
    conversationId = convo.id;
    previousHead = (await convo.send('Hello there.').result).turn.id;
    if (c.spec !== undefined) env.server.faults.push({ times: 1, ...c.spec });
    const handle = convo.send('Tell me about faults.');
    let startedTurn: (id: string) => void = () => undefined;
    const turnId = new Promise<string>((resolve) => (startedTurn = resolve));
    // Reading the events exercises the same path a caller streaming the turn uses.
    const reading = (async () => {
      for await (const event of handle.events())
        if (event.type === 'turn.started') startedTurn(event.turnId);
    })();
    const settled = withTimeLimit(
      Promise.all([
        handle.result,
        act(
          c,
          weft,
          Promise.race([
            turnId,
            handle.result.then(
              () => undefined,
              () => undefined,
            ),
          ]),
          () => handle.cancel('fault run'),
          env,
        ),
      ]),
      env.sendLimitMs,
    );
    try {
      const [result] = await settled;
      outcome = { kind: 'recovered', status: result.status };
    } catch (error) {
      outcome = classify(error, env);
    }
    await reading.catch((error: unknown) => env.observe(String(error)));
  } catch (error) {
    outcome = classify(error, env);
  } finally {
    env.server.faults.clear();
    await withTimeLimit(weft.close(), 5000).catch((error: unknown) => {
      outcome = { kind: 'unhandled', detail: `close: ${String(error)}` };
    });
  }
  try {
    if (conversationId !== undefined) {
      const problems = await checkStore(store, base, conversationId, previousHead, env);
      if (problems.length > 0 && outcome.kind !== 'unhandled') {
        outcome = {
          kind: 'unhandled',
          detail: `store inconsistent after ${describe(outcome)}: ${problems.join('; ')}`,
        };
      }
    }
  } finally {
    store.close();
  }
  return outcome;
}

/** Exports the conversation next to its database and checks it; a failed export is a problem too. */
async function checkStore(
  store: SqliteStore,
  base: string,
  conversationId: string,
  previousHead: string | null,
  env: FaultRunEnvironment,
): Promise<string[]> {
  const exported = await Effect.runPromise(Effect.result(store.exportJsonl({ conversationId })));
  if (exported._tag === 'Failure') {
    const error = exported.failure;
    const cause = (error as { cause?: unknown }).cause;
    const text = `${error.message}${cause === undefined ? '' : ` (cause: ${String(cause)})`}`;
    env.observe(text);
    return [`the export failed: ${text}`];
  }
  writeFileSync(`${base}.jsonl`, exported.success);
  return consistencyProblems(readExport(exported.success, conversationId), previousHead);
}

function classify(error: unknown, env: FaultRunEnvironment): FaultOutcome {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}\n${error.stack ?? ''}`
      : String(error);
  env.observe(text);
  if (isCoreError(error)) return { kind: 'typed-error', tag: error._tag };
  return { kind: 'unhandled', detail: text.split('\n').slice(0, 3).join(' | ') };
}

/** A short text for an outcome. */
export function describe(outcome: FaultOutcome): string {
  if (outcome.kind === 'recovered') return `recovered (${outcome.status})`;
  if (outcome.kind === 'typed-error') return outcome.tag;
  return `unhandled: ${outcome.detail}`;
}
