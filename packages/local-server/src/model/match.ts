/**
 * Rule matching: the first rule whose conditions all hold wins.
 *
 * State: `times` is counted per matcher, i.e. per model instance. A rule that has fired `times` times
 * is skipped from then on, so two servers built from one script count separately. `reset()` clears
 * the counts (between tests).
 */
import type { ContextView, ToolResult } from './context-view.js';
import type { Match, Rule, TurnPattern } from './script.js';
import { compilePattern } from './text-pattern.js';
import type { TextTest } from './text-pattern.js';
import type { ModelInput } from './types.js';

/** The rule that answers a request. */
export interface RuleMatch {
  readonly rule: Rule;
  /** Position in `script.rules`. */
  readonly index: number;
  /** The tool result the rule's `functionOutput` condition matched (for `{{output}}` and `{{tool}}`). */
  readonly toolResult: ToolResult | undefined;
}

/** Finds the rule for each request and counts how often each rule fired. */
export interface RuleMatcher {
  /** The first rule that matches and has not used up its `times`; counts it as fired. */
  find(input: ModelInput, view: ContextView): RuleMatch | undefined;
  /** Forgets how often rules fired. */
  reset(): void;
}

type Condition = (input: ModelInput, view: ContextView) => boolean;

interface CompiledRule {
  readonly rule: Rule;
  readonly conditions: readonly Condition[];
  readonly pickToolResult: (view: ContextView) => ToolResult | undefined;
}

/** Compiles every pattern once; matching afterwards does no regex construction. */
export function compileRules(rules: readonly Rule[]): RuleMatcher {
  const compiled = rules.map(compileRule);
  const fired = new Map<number, number>();
  return {
    find(input, view) {
      for (const [index, candidate] of compiled.entries()) {
        const { rule } = candidate;
        const count = fired.get(index) ?? 0;
        if (rule.times !== undefined && count >= rule.times) continue;
        if (!candidate.conditions.every((holds) => holds(input, view))) continue;
        const toolResult = candidate.pickToolResult(view);
        if (rule.match?.functionOutput !== undefined && toolResult === undefined) continue;
        fired.set(index, count + 1);
        return { rule, index, toolResult };
      }
      return undefined;
    },
    reset() {
      fired.clear();
    },
  };
}

function compileRule(rule: Rule): CompiledRule {
  const match: Match = rule.match ?? {};
  const conditions: Condition[] = [];
  if (match.functionOutput === undefined) {
    // Rules without functionOutput answer user messages only, so a tool loop cannot re-trigger them.
    conditions.push((_input, view) => view.toolResults.length === 0);
  }
  if (match.input !== undefined) {
    const test = compilePattern(match.input);
    conditions.push((_input, view) => test(view.userText));
  }
  if (match.model !== undefined) {
    const test = compilePattern(match.model);
    conditions.push((input) => test(input.model));
  }
  if (match.instructions !== undefined) {
    const test = compilePattern(match.instructions);
    conditions.push((input) => input.instructions !== null && test(input.instructions));
  }
  if (match.hasTools !== undefined) {
    const wanted = match.hasTools;
    conditions.push((input) => input.tools.length > 0 === wanted);
  }
  if (match.turn !== undefined) {
    const inTurn = compileTurn(match.turn);
    conditions.push((_input, view) => inTurn(view.turn));
  }
  for (const [key, pattern] of Object.entries(match.metadata ?? {})) {
    const test = compilePattern(pattern);
    conditions.push(
      (input) => Object.hasOwn(input.metadata, key) && test(input.metadata[key] ?? ''),
    );
  }
  return { rule, conditions, pickToolResult: compileToolResultPicker(match) };
}

function compileTurn(turn: TurnPattern): (n: number) => boolean {
  if (typeof turn === 'number') return (n) => n === turn;
  const min = turn.min ?? 1;
  const max = turn.max ?? Number.POSITIVE_INFINITY;
  return (n) => n >= min && n <= max;
}

function compileToolResultPicker(match: Match): (view: ContextView) => ToolResult | undefined {
  const spec = match.functionOutput;
  if (spec === undefined) return () => undefined;
  const nameTest: TextTest | undefined =
    spec.name === undefined ? undefined : compilePattern(spec.name, { exact: true });
  const outputTest: TextTest | undefined =
    spec.output === undefined ? undefined : compilePattern(spec.output);
  // Parallel calls come back as several outputs; any of them may satisfy the rule, latest first.
  return (view) =>
    view.toolResults.findLast(
      (result) =>
        (nameTest === undefined || (result.name !== undefined && nameTest(result.name))) &&
        (outputTest === undefined || outputTest(result.output)),
    );
}
