/** Turns an unknown value (parsed JSON/YAML or a TypeScript object) into a checked {@link Script}. */
import {
  arrayAt,
  at,
  booleanAt,
  definedOnly,
  describe,
  fail,
  fieldsAt,
  integerAt,
  isFields,
  oneOfAt,
  optional,
  stringAt,
} from './check-value.js';
import type { Fields } from './check-value.js';
import { stringsWithin, unknownPlaceholders } from './placeholders.js';
import { placeholderNames } from './script.js';
import type {
  FunctionCallReply,
  FunctionOutputMatch,
  Match,
  ReasoningReply,
  Reply,
  Rule,
  Script,
  ScriptDefaults,
  TextPattern,
  TurnPattern,
} from './script.js';
import { checkPattern } from './text-pattern.js';
import { checkFaults } from './validate-faults.js';

/** Validates a whole script and returns a normalised copy (YAML nulls dropped). */
export function checkScript(value: unknown): Script {
  const fields = fieldsAt(value, '', ['rules', 'defaults'], 'an object { rules, defaults? }');
  const rules = arrayAt(fields['rules'] ?? [], 'rules').map((rule, i) =>
    checkRule(rule, at('rules', i)),
  );
  const defaults = optional(fields, 'defaults', '', checkDefaults);
  return definedOnly<Script>({ rules, defaults });
}

function checkDefaults(value: unknown, path: string): ScriptDefaults {
  const f = fieldsAt(value, path, ['reply', 'unmatched', 'faults'], 'an object');
  return definedOnly<ScriptDefaults>({
    reply: optional(f, 'reply', path, checkReply),
    unmatched: optional(f, 'unmatched', path, (v, p) =>
      oneOfAt(v, p, ['default', 'fail'] as const),
    ),
    faults: optional(f, 'faults', path, checkFaults),
  });
}

function checkRule(value: unknown, path: string): Rule {
  const f = fieldsAt(value, path, ['name', 'match', 'reply', 'faults', 'times'], 'a rule object');
  return definedOnly<Rule>({
    name: optional(f, 'name', path, (v, p) => stringAt(v, p)),
    match: optional(f, 'match', path, checkMatch),
    reply: optional(f, 'reply', path, checkReply),
    faults: optional(f, 'faults', path, checkFaults),
    times: optional(f, 'times', path, (v, p) => integerAt(v, p, 1)),
  });
}

const matchKeys = [
  'input',
  'functionOutput',
  'model',
  'instructions',
  'hasTools',
  'turn',
  'metadata',
];

function checkMatch(value: unknown, path: string): Match {
  const f = fieldsAt(value, path, matchKeys, 'an object of conditions');
  return definedOnly<Match>({
    input: optional(f, 'input', path, checkPattern),
    functionOutput: optional(f, 'functionOutput', path, checkFunctionOutput),
    model: optional(f, 'model', path, checkPattern),
    instructions: optional(f, 'instructions', path, checkPattern),
    hasTools: optional(f, 'hasTools', path, booleanAt),
    turn: optional(f, 'turn', path, checkTurn),
    metadata: optional(f, 'metadata', path, checkMetadata),
  });
}

function checkFunctionOutput(value: unknown, path: string): FunctionOutputMatch {
  const f = fieldsAt(value, path, ['name', 'output'], 'an object { name?, output? }');
  return definedOnly<FunctionOutputMatch>({
    name: optional(f, 'name', path, checkPattern),
    output: optional(f, 'output', path, checkPattern),
  });
}

function checkTurn(value: unknown, path: string): TurnPattern {
  if (typeof value === 'number') return integerAt(value, path, 1);
  if (!isFields(value))
    fail(path, `expected a turn number or { min?, max? }, got ${describe(value)}`);
  const f = fieldsAt(value, path, ['min', 'max'], 'an object { min?, max? }');
  const min = optional(f, 'min', path, (v, p) => integerAt(v, p, 1));
  const max = optional(f, 'max', path, (v, p) => integerAt(v, p, 1));
  if (min !== undefined && max !== undefined && max < min)
    fail(at(path, 'max'), `expected >= min (${min})`);
  return definedOnly<{ min?: number; max?: number }>({ min, max });
}

function checkMetadata(value: unknown, path: string): Record<string, TextPattern> {
  if (!isFields(value)) fail(path, `expected an object of key: pattern, got ${describe(value)}`);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, checkPattern(v, at(path, k))]),
  );
}

const replyKeys = ['reasoning', 'text', 'rawText', 'phase', 'json', 'refusal', 'functionCalls'];

/** Validates a reply, including which parts may be combined and placeholder names. */
export function checkReply(value: unknown, path: string): Reply {
  const f = fieldsAt(value, path, replyKeys, 'a reply object');
  const reply = definedOnly<Reply>({
    reasoning: optional(f, 'reasoning', path, checkReasoning),
    text: optional(f, 'text', path, (v, p) => stringAt(v, p)),
    rawText: optional(f, 'rawText', path, (v, p) => stringAt(v, p)),
    phase: optional(f, 'phase', path, (v, p) =>
      oneOfAt(v, p, ['commentary', 'final_answer'] as const),
    ),
    // `json: null` is a legitimate structured answer, so only a missing key counts as absent.
    json: f['json'],
    refusal: optional(f, 'refusal', path, (v, p) => stringAt(v, p)),
    functionCalls: optional(f, 'functionCalls', path, (v, p) =>
      arrayAt(v, p, { nonEmpty: true }).map((call, i) => checkCall(call, at(p, i))),
    ),
  });
  checkCombination(f, path);
  checkPlaceholders(reply, path);
  return reply;
}

function checkCombination(f: Fields, path: string): void {
  const messageKinds = ['text', 'rawText', 'json', 'refusal'].filter((k) =>
    k === 'json' ? f[k] !== undefined : f[k] !== undefined && f[k] !== null,
  );
  const hasCalls = f['functionCalls'] !== undefined && f['functionCalls'] !== null;
  if (messageKinds.length > 1) {
    fail(
      at(path, messageKinds[1] ?? ''),
      `cannot be combined with ${messageKinds[0]}; give one message kind`,
    );
  }
  const kind = messageKinds[0];
  if (hasCalls && (kind === 'json' || kind === 'refusal')) {
    fail(
      at(path, 'functionCalls'),
      `cannot follow ${kind}; only text or rawText may precede calls`,
    );
  }
  if (kind === undefined && !hasCalls) {
    fail(path, 'expected at least one of text, rawText, json, refusal, functionCalls');
  }
  const hasPhase = f['phase'] !== undefined && f['phase'] !== null;
  if (hasPhase && kind !== 'text' && kind !== 'rawText') {
    fail(at(path, 'phase'), 'needs text or rawText (phase belongs to a message)');
  }
}

function checkReasoning(value: unknown, path: string): ReasoningReply {
  // `reasoning: {}` and `reasoning: true` both mean an encrypted-only item.
  if (value === true) return {};
  const f = fieldsAt(value, path, ['summary', 'text'], 'an object { summary?, text? } or true');
  return definedOnly<ReasoningReply>({
    summary: optional(f, 'summary', path, (v, p) =>
      typeof v === 'string' ? v : arrayAt(v, p).map((part, i) => stringAt(part, at(p, i))),
    ),
    text: optional(f, 'text', path, (v, p) => stringAt(v, p)),
  });
}

function checkCall(value: unknown, path: string): FunctionCallReply {
  const f = fieldsAt(value, path, ['name', 'arguments'], 'a call object { name, arguments? }');
  const name = stringAt(f['name'], at(path, 'name'), { nonEmpty: true });
  const args = optional(f, 'arguments', path, (v, p) => {
    if (typeof v === 'string' || isFields(v)) return v;
    return fail(p, `expected an object or a JSON string, got ${describe(v)}`);
  });
  return definedOnly<FunctionCallReply>({ name, arguments: args });
}

function checkPlaceholders(reply: Reply, path: string): void {
  const templated: Array<[string, unknown]> = [
    ['text', reply.text],
    ['refusal', reply.refusal],
    ['reasoning', reply.reasoning],
    ['json', reply.json],
    ...(reply.functionCalls ?? []).flatMap((call, i): Array<[string, unknown]> =>
      typeof call.arguments === 'object' ? [[`functionCalls[${i}].arguments`, call.arguments]] : [],
    ),
  ];
  for (const [key, value] of templated) {
    for (const [where, text] of stringsWithin(value, at(path, key))) {
      const unknown = unknownPlaceholders(text)[0];
      if (unknown !== undefined) {
        fail(
          where,
          `unknown placeholder {{${unknown}}}; expected one of ${placeholderNames.join(', ')}`,
        );
      }
    }
  }
}
