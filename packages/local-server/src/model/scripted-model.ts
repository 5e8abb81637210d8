/** The scripted model: a script's rules first, the default model otherwise. */
import { viewContext } from './context-view.js';
import type { ContextView } from './context-view.js';
import { defaultReplyItems } from './default-reply.js';
import { compileRules } from './match.js';
import { limitOutput } from './output-limit.js';
import { snippet } from './sample-values.js';
import type { Script } from './script.js';
import { placeholderValues, scriptReplyItems } from './script-reply.js';
import { computeUsage } from './usage.js';
import { checkScript } from './validate-script.js';
import type { FaultSpec, Model, ModelInput, ModelReply, ReplyItem } from './types.js';

/** Options for {@link createScriptedModel}. */
export interface ScriptedModelOptions {
  /** Overrides `script.defaults.unmatched`: `fail` ends unmatched requests `failed` (strict tests). */
  readonly unmatched?: 'default' | 'fail' | undefined;
}

/** A {@link Model} driven by a script. */
export interface ScriptedModel extends Model {
  /** The checked script the model runs. */
  readonly script: Script;
  /** Forgets how often each rule fired, so rules with `times` fire again. */
  reset(): void;
}

/** The error code of a request no rule matches when `unmatched` is `fail`. */
export const noMatchingRuleCode = 'no_matching_rule';

/**
 * Creates the deterministic model the local server answers with.
 *
 * Details: for each request the first rule whose `match` holds answers; rules with `times` stop after
 * that many answers (counted per model instance — the only state). Without a matching rule the
 * default model answers, or `defaults.reply`, or with `unmatched: 'fail'` a failure fault. The rule's
 * `faults` (over `defaults.faults`) ride along in `ModelReply.faults`.
 *
 * @param script rules to follow; omitted = the default model alone. Checked like {@link parseScript}.
 * @since 0.1.0
 * @throws ScriptError when the script is invalid (dotted path in the message).
 * @example
 * const model = createScriptedModel({ rules: [{ match: { input: 'hi' }, reply: { text: 'Hello!' } }] });
 * model.respond(input).items; // [{ type: 'message', text: 'Hello!' }]
 */
export function createScriptedModel(
  script?: Script | undefined,
  options?: ScriptedModelOptions,
): ScriptedModel {
  const checked = checkScript(script ?? { rules: [] });
  const matcher = compileRules(checked.rules);
  const unmatched = options?.unmatched ?? checked.defaults?.unmatched ?? 'default';
  const defaultFaults = checked.defaults?.faults;

  const answer = (
    input: ModelInput,
    view: ContextView,
  ): { items: ReplyItem[]; faults?: FaultSpec } => {
    const found = matcher.find(input, view);
    if (found !== undefined) {
      const { reply, faults } = found.rule;
      const values = placeholderValues(input, view, found.toolResult);
      const items =
        reply === undefined
          ? defaultReplyItems(input, view)
          : scriptReplyItems(reply, input, view, values);
      return { items, ...definedFaults(defaultFaults, faults) };
    }
    if (unmatched === 'fail') {
      const failWith = { code: noMatchingRuleCode, message: unmatchedMessage(view) };
      return { items: [], faults: { ...defaultFaults, failWith } };
    }
    const fallback = checked.defaults?.reply;
    const items =
      fallback === undefined
        ? defaultReplyItems(input, view)
        : scriptReplyItems(fallback, input, view, placeholderValues(input, view, undefined));
    return { items, ...definedFaults(defaultFaults, undefined) };
  };

  return {
    script: checked,
    respond(input) {
      const view = viewContext(input);
      const { items, faults } = answer(input, view);
      const effort = input.reasoning?.effort;
      const limited = limitOutput(items, input.maxOutputTokens, effort);
      const usage = computeUsage(input, limited.items);
      const reply: ModelReply = {
        items: limited.items,
        status: limited.truncated ? 'incomplete' : 'completed',
        usage: limited.truncated ? capUsage(usage, input.maxOutputTokens ?? 0) : usage,
        ...(faults === undefined ? {} : { faults }),
      };
      return reply;
    },
    reset() {
      matcher.reset();
    },
  };
}

function definedFaults(
  base: FaultSpec | undefined,
  own: FaultSpec | undefined,
): { faults?: FaultSpec } {
  const merged = { ...base, ...own };
  return Object.keys(merged).length === 0 ? {} : { faults: merged };
}

// An encrypted-only reasoning item has a fixed cost that may exceed a tiny budget; the reported
// usage still never exceeds max_output_tokens.
function capUsage(usage: ModelReply['usage'], max: number): ModelReply['usage'] {
  const outputTokens = Math.min(usage.outputTokens, max);
  return { ...usage, outputTokens, reasoningTokens: Math.min(usage.reasoningTokens, outputTokens) };
}

function unmatchedMessage(view: ContextView): string {
  const what =
    view.toolResults.length > 0
      ? `tool results for ${view.toolResults.map((r) => r.name ?? r.callId).join(', ')}`
      : `the user message "${snippet(view.userText, 80)}"`;
  return `No script rule matches ${what}; add a rule for it or set defaults.unmatched to "default".`;
}
