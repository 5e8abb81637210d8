/**
 * The script format: plain data (TypeScript, JSON or YAML) that tells the local model what to answer.
 *
 * A script is a list of rules. For each request the first rule whose `match` holds answers with its
 * `reply`; when none matches, the built-in default model answers (or `defaults.reply`).
 *
 * Every rule answers one of two kinds of request, so a tool loop cannot re-trigger itself:
 * - a rule WITHOUT `match.functionOutput` answers a user message (nothing but non-user items since the
 *   last user message);
 * - a rule WITH `match.functionOutput` answers tool results (function_call_output items sent after the
 *   last user message).
 */
import type { FaultSpec } from './types.js';

/**
 * A text condition. A string matches when it occurs anywhere in the value, ignoring case; use
 * `{ regex }` for anything stricter (`{ regex: '^gpt-5$' }`). Flags may be `i`, `m`, `s`, `u`.
 */
export type TextPattern = string | { readonly regex: string; readonly flags?: string | undefined };

/** A turn number (`2`) or an inclusive range (`{ min: 3 }`). Turn n = the n-th user message in context. */
export type TurnPattern =
  number | { readonly min?: number | undefined; readonly max?: number | undefined };

/** Matches the tool results a request carries (any of them; the latest is tried first). */
export interface FunctionOutputMatch {
  /**
   * Name of the function whose call this output answers (found through `call_id` in context). Unlike
   * other strings this one must equal the name exactly; `{ regex }` works as elsewhere.
   */
  readonly name?: TextPattern | undefined;
  /** The output text. */
  readonly output?: TextPattern | undefined;
}

/** Conditions of a rule; all given ones must hold, absent ones match anything. */
export interface Match {
  /** Text of the latest user message in context. */
  readonly input?: TextPattern | undefined;
  /** Makes the rule answer tool results instead of user messages; `{}` = any tool result. */
  readonly functionOutput?: FunctionOutputMatch | undefined;
  /** The requested model id. */
  readonly model?: TextPattern | undefined;
  /** The request's `instructions` (a request without instructions never matches). */
  readonly instructions?: TextPattern | undefined;
  /** Whether the request declares at least one function tool. */
  readonly hasTools?: boolean | undefined;
  /** Which user message of the conversation this is, 1-based. */
  readonly turn?: TurnPattern | undefined;
  /** Request `metadata` values by key; lets parallel tests pick their own rules (`scenario: flaky`). */
  readonly metadata?: Readonly<Record<string, TextPattern>> | undefined;
}

/** A reasoning item. Neither field = an encrypted-only item (what OpenAI sends without `reasoning.summary`). */
export interface ReasoningReply {
  /** Summary parts (one string = one part). */
  readonly summary?: string | readonly string[] | undefined;
  /** Clear-text reasoning, as GPT-OSS and DeepSeek send it. */
  readonly text?: string | undefined;
}

/** One function call. */
export interface FunctionCallReply {
  readonly name: string;
  /**
   * An object is serialised as JSON (placeholders in its strings are filled); a string is sent verbatim,
   * so scripts can produce broken JSON on purpose. Absent = synthesised from the tool's JSON schema.
   */
  readonly arguments?: Readonly<Record<string, unknown>> | string | undefined;
}

/**
 * What a rule answers. Items come out in API order: reasoning, then the message (`text`, `rawText`,
 * `json` or `refusal`), then `functionCalls`. A message followed by calls is a preamble.
 *
 * Placeholders `{{input}}`, `{{output}}`, `{{tool}}`, `{{model}}` and `{{turn}}` are filled in `text`,
 * `refusal`, reasoning strings and the string values of `json` and object `arguments`.
 */
export interface Reply {
  readonly reasoning?: ReasoningReply | undefined;
  /** An assistant message. */
  readonly text?: string | undefined;
  /** Message text sent exactly as written, without placeholders (e.g. invalid JSON for structured output). */
  readonly rawText?: string | undefined;
  /** `phase` of the message (`commentary` for a preamble before calls). */
  readonly phase?: 'commentary' | 'final_answer' | undefined;
  /** A structured-output answer, serialised as the message text; never checked against the schema. */
  readonly json?: unknown;
  /** A refusal instead of a message. */
  readonly refusal?: string | undefined;
  /** Function calls; several = parallel calls. */
  readonly functionCalls?: readonly FunctionCallReply[] | undefined;
}

/** One rule: when `match` holds, answer `reply` and ask the server to apply `faults`. */
export interface Rule {
  /** Shown in errors and useful in logs. */
  readonly name?: string | undefined;
  /** Absent = matches every user message. */
  readonly match?: Match | undefined;
  /** Absent = the default model answers (handy for rules that only add faults). */
  readonly reply?: Reply | undefined;
  /** Faults the server applies to the request this rule answers. */
  readonly faults?: FaultSpec | undefined;
  /** How many times the rule may fire, counted per model instance; then it is skipped. */
  readonly times?: number | undefined;
}

/** Settings for the whole script. */
export interface ScriptDefaults {
  /** Answer when no rule matches, instead of the built-in default model. */
  readonly reply?: Reply | undefined;
  /** `fail`: a request no rule matches ends `failed` with code `no_matching_rule` (strict tests). */
  readonly unmatched?: 'default' | 'fail' | undefined;
  /** Faults for every request; a rule's own faults override them key by key. */
  readonly faults?: FaultSpec | undefined;
}

/**
 * A complete script. `{ rules: [] }` is the default model alone.
 *
 * @since 0.1.0
 */
export interface Script {
  readonly rules: readonly Rule[];
  readonly defaults?: ScriptDefaults | undefined;
}

/** Names usable as `{{name}}` in replies. */
export const placeholderNames = ['input', 'output', 'tool', 'model', 'turn'] as const;

/** One of {@link placeholderNames}. */
export type PlaceholderName = (typeof placeholderNames)[number];
