/**
 * A child of the conflict trials: one process appending to the shared conversation, driven by the
 * suite in JSON lines on stdin.
 *
 * - `{"cmd":"open","trial":n}`: reopens the conversation (reading its head and version) and
 *   answers `{"ready":n,"version":v,"head":id}`. Both children answer before either is told to go,
 *   so both start their turn from the same version.
 * - `{"cmd":"go","trial":n}`: sends this child's prompt of the trial and answers
 *   `{"trial":n,"outcome":"ok"|<error tag>,"turnId":id,"message":…}`.
 * - `{"cmd":"exit"}`: closes everything and exits.
 */
import { createInterface } from 'node:readline';
import { createWeft, type Conversation } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { childApiKey, say } from '../crash/child-process.js';

/** What the suite tells each appender. */
export interface AppenderArg {
  readonly name: string;
  readonly baseURL: string;
  readonly dbPath: string;
  readonly conversationId: string;
}

/** The name the appender is registered under in `children.ts`. */
export const CONFLICT_APPENDER = 'conflict-appender';

/** The prompt `name` sends in trial `trial`. */
export const trialPrompt = (trial: number, name: string): string =>
  `conflict trial ${trial} from ${name}`;

type Command =
  | { readonly cmd: 'open'; readonly trial: number }
  | { readonly cmd: 'go'; readonly trial: number }
  | { readonly cmd: 'exit' };

/** Child main `conflict-appender`: `arg` is an {@link AppenderArg} as JSON. */
export async function conflictAppenderMain(arg: string): Promise<void> {
  const me = JSON.parse(arg) as AppenderArg;
  const store = openSqliteStore({ path: me.dbPath, busyTimeoutMs: 20_000 });
  const weft = createWeft({
    client: { baseURL: me.baseURL, apiKey: childApiKey() },
    store,
    defaults: { model: 'scripted-1' },
  });
  let convo: Conversation | undefined;

  const go = async (trial: number): Promise<void> => {
    if (convo === undefined) throw new Error('go before open');
    const handle = convo.send(trialPrompt(trial, me.name));
    let turnId: string | null = null;
    try {
      for await (const event of handle.events()) {
        if (event.type === 'turn.started') turnId ??= event.turnId;
      }
    } catch {
      // The same failure rejects `result`.
    }
    try {
      const result = await handle.result;
      say({ trial, outcome: 'ok', turnId: result.turn.id });
    } catch (error) {
      const tag = (error as { _tag?: unknown })._tag;
      say({
        trial,
        outcome: typeof tag === 'string' ? tag : 'untyped',
        turnId,
        message: String(error),
      });
    }
  };

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const command = JSON.parse(line) as Command;
    if (command.cmd === 'exit') break;
    if (command.cmd === 'open') {
      convo = await weft.open(me.conversationId);
      const record = await Effect.runPromise(store.turns.getConversation(me.conversationId));
      say({ ready: command.trial, version: record.version, head: convo.headTurnId });
    } else {
      await go(command.trial);
    }
  }
  await weft.close();
  store.close();
}
