/**
 * Comparing two branches exchange by exchange: texts, tool calls, structured outputs, usage and
 * latency.
 *
 * @module
 */
import type { OutputItem, StoreError, Turn, TurnStoreShape } from '@weft/core';
import { Cause, Effect, Exit } from 'effect';
import { diffJson, textDiff, type RequestChange } from './divergence/request-diff.js';
import { toJson } from './divergence/normalize-request.js';
import { toExchanges, type Exchange } from './exchanges.js';
import { outputTextOf } from './recording/rebuild-response.js';
import { flatUsage, sumUsage } from './transcript/build-turn.js';
import type { TranscriptUsage } from './transcript/transcript-types.js';

/** A branch to compare: a conversation (its head) or a head turn. */
export type BranchRef = { readonly conversationId: string } | { readonly headTurnId: string };

/** One function call, as compared. */
export interface ComparedCall {
  readonly name: string;
  readonly arguments: string;
}

/** How the tool calls of one exchange differ. */
export interface ToolCallComparison {
  readonly original: readonly ComparedCall[];
  readonly rerun: readonly ComparedCall[];
  /** Calls of the same tool at the same rank with equal arguments. */
  readonly same: number;
  /** Calls of the same tool at the same rank whose arguments differ, with the argument diff. */
  readonly changed: readonly {
    readonly name: string;
    readonly changes: readonly RequestChange[];
  }[];
  readonly onlyOriginal: readonly ComparedCall[];
  readonly onlyRerun: readonly ComparedCall[];
}

/** Numbers of one side and their difference (rerun − original). */
export interface Delta {
  readonly original: number;
  readonly rerun: number;
  readonly delta: number;
}

/** One aligned exchange. */
export interface ExchangeComparison {
  readonly index: number;
  readonly inputText: string;
  /** False when the re-run sent another input at this position (the branches are not aligned). */
  readonly sameInput: boolean;
  readonly originalText: string | undefined;
  readonly rerunText: string | undefined;
  readonly textSame: boolean;
  /** Word diff (`[-old-]{+new+}`) or unified line diff of the final texts. */
  readonly textDiff: string | undefined;
  readonly toolCalls: ToolCallComparison;
  /** Field-level diff of structured outputs, when both final texts are JSON. */
  readonly structured: readonly RequestChange[] | undefined;
  readonly status: { readonly original: string | undefined; readonly rerun: string | undefined };
  readonly tokens: {
    readonly input: Delta;
    readonly output: Delta;
    readonly reasoning: Delta;
    readonly total: Delta;
  };
  readonly latencyMs: Delta;
  readonly turns: Delta;
}

/** The comparison of two branches. */
export interface ComparisonReport {
  readonly original: { readonly headTurnId: string; readonly models: readonly string[] };
  readonly rerun: { readonly headTurnId: string; readonly models: readonly string[] };
  readonly exchanges: readonly ExchangeComparison[];
  readonly summary: {
    readonly exchanges: number;
    readonly textsDiffering: number;
    readonly toolCallsDiffering: number;
    readonly structuredDiffering: number;
    readonly tokens: {
      readonly input: Delta;
      readonly output: Delta;
      readonly reasoning: Delta;
      readonly total: Delta;
    };
    readonly latencyMs: Delta;
  };
}

const delta = (original: number, rerun: number): Delta => ({
  original,
  rerun,
  delta: rerun - original,
});

const callsOf = (turns: readonly Turn[]): ComparedCall[] =>
  turns.flatMap((t) =>
    t.output
      .filter(
        (o): o is Extract<OutputItem, { type: 'function_call' }> => o.type === 'function_call',
      )
      .map((o) => ({ name: o.name, arguments: o.arguments })),
  );

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Tool calls paired by tool name and rank among calls of that tool. */
export function compareToolCalls(
  original: readonly ComparedCall[],
  rerun: readonly ComparedCall[],
): ToolCallComparison {
  const remaining = [...rerun];
  let same = 0;
  const changed: { name: string; changes: readonly RequestChange[] }[] = [];
  const onlyOriginal: ComparedCall[] = [];
  for (const call of original) {
    const at = remaining.findIndex((c) => c.name === call.name);
    if (at < 0) {
      onlyOriginal.push(call);
      continue;
    }
    const [other] = remaining.splice(at, 1);
    if (other === undefined) continue;
    const left = toJson(parse(call.arguments) ?? call.arguments);
    const right = toJson(parse(other.arguments) ?? other.arguments);
    const { changes } = diffJson(left, right);
    if (changes.length === 0) same++;
    else changed.push({ name: call.name, changes });
  }
  return { original, rerun, same, changed, onlyOriginal, onlyRerun: remaining };
}

const latency = (turns: readonly Turn[]): number =>
  turns.reduce(
    (n, t) =>
      n +
      (t.timings.completedAt === undefined
        ? 0
        : t.timings.completedAt - (t.timings.startedAt ?? t.timings.createdAt)),
    0,
  );

const usageOf = (turns: readonly Turn[]): TranscriptUsage =>
  sumUsage(turns.map((t) => flatUsage(t.usage)));

const tokenDeltas = (a: TranscriptUsage, b: TranscriptUsage) => ({
  input: delta(a.input, b.input),
  output: delta(a.output, b.output),
  reasoning: delta(a.reasoning, b.reasoning),
  total: delta(a.total, b.total),
});

function compareExchange(
  index: number,
  a: Exchange | undefined,
  b: Exchange | undefined,
): ExchangeComparison {
  const aTurns = a?.turns ?? [];
  const bTurns = b?.turns ?? [];
  const aLast = aTurns.at(-1);
  const bLast = bTurns.at(-1);
  const aText = aLast === undefined ? undefined : outputTextOf(aLast.output);
  const bText = bLast === undefined ? undefined : outputTextOf(bLast.output);
  const textSame = aText === bText;
  const aJson = aText === undefined ? undefined : parse(aText);
  const bJson = bText === undefined ? undefined : parse(bText);
  const structured =
    aJson !== undefined &&
    bJson !== undefined &&
    typeof aJson === 'object' &&
    typeof bJson === 'object'
      ? diffJson(toJson(aJson), toJson(bJson)).changes
      : undefined;
  const diffText =
    textSame || aText === undefined || bText === undefined
      ? undefined
      : (textDiff(aText, bText) ?? `[-${aText}-]{+${bText}+}`);
  return {
    index,
    inputText: a?.inputText ?? b?.inputText ?? '',
    sameInput: a !== undefined && b !== undefined && a.inputText === b.inputText,
    originalText: aText,
    rerunText: bText,
    textSame,
    textDiff: diffText,
    toolCalls: compareToolCalls(callsOf(aTurns), callsOf(bTurns)),
    structured,
    status: { original: aLast?.status, rerun: bLast?.status },
    tokens: tokenDeltas(usageOf(aTurns), usageOf(bTurns)),
    latencyMs: delta(latency(aTurns), latency(bTurns)),
    turns: delta(aTurns.length, bTurns.length),
  };
}

const sharedPrefix = (a: readonly Turn[], b: readonly Turn[]): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n]?.id === b[n]?.id) n++;
  return n;
};

const modelsOf = (turns: readonly Turn[]): string[] => [
  ...new Set(
    turns.map((t) => t.request.params.model).filter((m): m is string => typeof m === 'string'),
  ),
];

const headOf = (turns: TurnStoreShape, ref: BranchRef): Effect.Effect<string, StoreError> =>
  'headTurnId' in ref
    ? Effect.succeed(ref.headTurnId)
    : Effect.map(turns.getConversation(ref.conversationId), (c) => c.headTurnId ?? '');

/**
 * Compares two branches as an Effect. See {@link compareBranches}.
 *
 * @since 0.1.0
 */
export function makeComparison(
  turns: TurnStoreShape,
  branches: { readonly original: BranchRef; readonly rerun: BranchRef },
): Effect.Effect<ComparisonReport, StoreError> {
  return Effect.gen(function* () {
    const aHead = yield* headOf(turns, branches.original);
    const bHead = yield* headOf(turns, branches.rerun);
    const aAll = aHead === '' ? [] : yield* turns.readChain(aHead);
    const bAll = bHead === '' ? [] : yield* turns.readChain(bHead);
    const shared = sharedPrefix(aAll, bAll);
    const a = toExchanges(aAll.slice(shared));
    const b = toExchanges(bAll.slice(shared));
    const exchanges = Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      compareExchange(i, a[i], b[i]),
    );
    const aUsage = usageOf(aAll.slice(shared));
    const bUsage = usageOf(bAll.slice(shared));
    return {
      original: { headTurnId: aHead, models: modelsOf(aAll.slice(shared)) },
      rerun: { headTurnId: bHead, models: modelsOf(bAll.slice(shared)) },
      exchanges,
      summary: {
        exchanges: exchanges.length,
        textsDiffering: exchanges.filter((e) => !e.textSame).length,
        toolCallsDiffering: exchanges.filter(
          (e) =>
            e.toolCalls.changed.length +
              e.toolCalls.onlyOriginal.length +
              e.toolCalls.onlyRerun.length >
            0,
        ).length,
        structuredDiffering: exchanges.filter(
          (e) => e.structured !== undefined && e.structured.length > 0,
        ).length,
        tokens: tokenDeltas(aUsage, bUsage),
        latencyMs: delta(latency(aAll.slice(shared)), latency(bAll.slice(shared))),
      },
    };
  });
}

/**
 * Compares two branches of a tree (typically an original and its {@link rerunBranch} re-run)
 * exchange by exchange, after the turns they share: final-text diff, tool calls paired by name
 * (argument diffs, calls only one side made), structured-output diff, status, token and latency
 * deltas, and a summary. Render it with {@link renderComparisonMarkdown} or `JSON.stringify`.
 *
 * @throws NotFound, StorageError — a branch is not in the store
 * @since 0.1.0
 * @see docs/replay.md
 * @example
 * ```ts
 * const report = await compareBranches(store, { original: { conversationId: a }, rerun: { conversationId: b } });
 * console.log(renderComparisonMarkdown(report));
 * ```
 */
export async function compareBranches(
  store: TurnStoreShape | { readonly turns: TurnStoreShape },
  branches: { readonly original: BranchRef; readonly rerun: BranchRef },
): Promise<ComparisonReport> {
  const turns = 'turns' in store ? store.turns : store;
  const exit = await Effect.runPromiseExit(makeComparison(turns, branches));
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}
