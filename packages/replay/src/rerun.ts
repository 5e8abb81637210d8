/**
 * Re-running a stored branch's inputs with other settings, as a new branch of the same tree.
 *
 * @module
 */
import type { ConversationSettings, SendResult, Turn, TurnParams, Weft } from '@weft/core';
import { Cause, Effect, Exit } from 'effect';
import { toExchanges, type Exchange } from './exchanges.js';

/** What to change for the re-run; everything not given is taken from the original turns. */
export interface RerunSettings {
  readonly model?: string | undefined;
  readonly instructions?: string | undefined;
  /** Request parameters laid over each original turn's (temperature, reasoning, text, …). */
  readonly params?:
    Partial<Omit<TurnParams, 'input' | 'model' | 'instructions' | 'tools'>> | undefined;
  /** The tools with their handlers (handlers are not stored, so pass them to let tool loops run). */
  readonly tools?: ConversationSettings['tools'];
  /** Other conversation settings (context strategy, execution, tool rounds, retries). */
  readonly conversation?:
    Partial<Omit<ConversationSettings, 'model' | 'instructions' | 'tools' | 'params'>> | undefined;
}

/** Options of {@link rerunBranch}. */
export interface RerunOptions {
  /** A Weft on the same store as the original, pointed at the endpoint to re-run against. */
  readonly weft: Weft;
  /** The branch to re-run: a conversation (its head) or a head turn. */
  readonly source: { readonly conversationId: string } | { readonly headTurnId: string };
  readonly settings?: RerunSettings | undefined;
  /**
   * The first exchange to re-run (0-based, default 0). Earlier exchanges stay shared: the new
   * branch forks right before this one's first turn.
   */
  readonly fromExchange?: number | undefined;
  /** Id and title of the new conversation. */
  readonly id?: string | undefined;
  readonly title?: string | undefined;
}

/** The outcome of one re-sent exchange. */
export interface RerunExchange {
  readonly index: number;
  readonly inputText: string;
  readonly original: Exchange;
  /** The turns the re-run made for this input (empty when it failed before any turn). */
  readonly turns: readonly Turn[];
  /** The error that ended this exchange, when it failed. */
  readonly error: { readonly tag: string; readonly message: string } | undefined;
}

/** What {@link rerunBranch} made. */
export interface RerunResult {
  /** The new conversation (branch) holding the re-run. */
  readonly conversationId: string;
  readonly headTurnId: string | null;
  /** The original branch's head. */
  readonly originalHeadTurnId: string;
  /** The turn both branches share (the fork point), or null when both start at a root. */
  readonly forkTurnId: string | null;
  readonly exchanges: readonly RerunExchange[];
}

const run = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(effect);
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
};

/** The original turn's parameters, minus what the conversation settings decide. */
function sendParams(
  turn: Turn,
  overrides: RerunSettings['params'],
): Partial<Omit<TurnParams, 'input'>> {
  const {
    model: _model,
    instructions: _instructions,
    tools: _tools,
    ...rest
  } = turn.request.params;
  return { ...rest, ...overrides };
}

/**
 * Re-sends the user inputs of a stored branch, in order, with other settings (model,
 * instructions, temperature, reasoning effort, tools), letting each tool loop run. The re-run is a
 * new branch of the same tree: it forks where the original's first re-run turn started (its
 * parent), so the two branches share everything before it; when that turn is a root, the re-run
 * starts a new root with `forkedFrom` naming the original conversation. A failed exchange is
 * recorded and the next input is still sent.
 *
 * @throws NotFound, StorageError — the source is not in the store
 * @since 0.1.0
 * @see docs/replay.md
 * @example
 * ```ts
 * const rerun = await rerunBranch({ weft: wefton('B'), source: { conversationId }, settings: { model: 'gpt-5.4', tools } });
 * const report = await compareBranches(store, { original: { conversationId }, rerun: { conversationId: rerun.conversationId } });
 * ```
 */
export async function rerunBranch(options: RerunOptions): Promise<RerunResult> {
  const { weft } = options;
  const turns = weft.store.turns;
  let head: string;
  let originalConversation: string | undefined;
  if ('headTurnId' in options.source) {
    head = options.source.headTurnId;
  } else {
    const record = await run(turns.getConversation(options.source.conversationId));
    originalConversation = record.id;
    if (record.headTurnId === null)
      throw new TypeError(`Conversation ${record.id} has no turns to re-run.`);
    head = record.headTurnId;
  }
  const chain = await run(turns.readChain(head));
  const exchanges = toExchanges(chain).slice(options.fromExchange ?? 0);
  const first = exchanges[0]?.turns[0];
  if (first === undefined)
    throw new TypeError(
      `Branch ${head} has no inputs to re-run from exchange ${options.fromExchange ?? 0}.`,
    );
  originalConversation ??= first.conversationId;

  const settings = options.settings ?? {};
  const base = first.request.params;
  const conversationSettings = {
    ...settings.conversation,
    model: settings.model ?? base.model ?? '',
    ...(settings.instructions !== undefined
      ? { instructions: settings.instructions }
      : typeof base.instructions === 'string'
        ? { instructions: base.instructions }
        : {}),
    ...(settings.tools !== undefined ? { tools: settings.tools } : {}),
    ...(options.id !== undefined ? { id: options.id } : {}),
    title:
      options.title ??
      `Re-run of ${originalConversation}${settings.model === undefined ? '' : ` on ${settings.model}`}`,
    metadata: { rerunOf: originalConversation, rerunFromTurn: first.id },
  };
  const convo =
    first.parentId === null
      ? await weft.conversation(conversationSettings)
      : await weft.fork({ turnId: first.parentId }, conversationSettings);

  const results: RerunExchange[] = [];
  for (const exchange of exchanges) {
    const turn = exchange.turns[0] as Turn;
    const params = sendParams(turn, settings.params);
    let turnsMade: readonly Turn[];
    let error: RerunExchange['error'];
    try {
      const result: SendResult = await convo.send(exchange.input, { params }).result;
      turnsMade = result.turns;
    } catch (cause) {
      const tagged = cause as { _tag?: unknown; message?: unknown };
      error = {
        tag: typeof tagged._tag === 'string' ? tagged._tag : 'Error',
        message: typeof tagged.message === 'string' ? tagged.message : String(cause),
      };
      const headNow = convo.headTurnId;
      turnsMade =
        headNow === null
          ? []
          : (await run(turns.readChain(headNow))).filter(
              (t) =>
                !chain.some((c) => c.id === t.id) &&
                !results.some((r) => r.turns.some((x) => x.id === t.id)),
            );
    }
    results.push({
      index: exchange.index,
      inputText: exchange.inputText,
      original: exchange,
      turns: turnsMade,
      error,
    });
  }
  await convo.flush();
  return {
    conversationId: convo.id,
    headTurnId: convo.headTurnId,
    originalHeadTurnId: head,
    forkTurnId: first.parentId,
    exchanges: results,
  };
}
