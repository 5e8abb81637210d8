/**
 * One stored turn as a transcript turn.
 *
 * @module
 */
import type { InputItem, OutputItem, Turn, Usage } from '@weft/core';
import type { TranscriptEntry, TranscriptTurn, TranscriptUsage } from './transcript-types.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of a message's content: a string, or its text parts joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (!isRecord(part)) return '';
      if (typeof part['text'] === 'string') return part['text'];
      if (typeof part['refusal'] === 'string') return part['refusal'];
      return `[${String(part['type'])}]`;
    })
    .join('');
}

/** A tool output as text (string outputs as they are, part lists joined). */
function outputText(output: unknown): string {
  return typeof output === 'string' ? output : contentText(output);
}

/** The function-call outputs a turn's input carries, by call id. */
export function toolOutputsOf(turn: Turn): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const item of turn.request.input) {
    const loose = item as unknown as Record<string, unknown>;
    if (loose['type'] === 'function_call_output' && typeof loose['call_id'] === 'string') {
      outputs.set(loose['call_id'], outputText(loose['output']));
    }
  }
  return outputs;
}

/** The names of a turn's function calls, by call id. */
export function callNamesOf(turn: Turn | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of turn?.output ?? [])
    if (item.type === 'function_call') names.set(item.call_id, item.name);
  return names;
}

function inputEntry(
  item: InputItem,
  names: ReadonlyMap<string, string>,
): TranscriptEntry | undefined {
  const loose = item as unknown as Record<string, unknown>;
  const type = typeof loose['type'] === 'string' ? loose['type'] : 'message';
  if (type === 'message') {
    const role = loose['role'];
    const text = contentText(loose['content']);
    if (role === 'user' || role === 'system' || role === 'developer' || role === 'assistant')
      return { kind: 'message', role, text };
    return { kind: 'message', role: 'user', text };
  }
  if (type === 'function_call_output' && typeof loose['call_id'] === 'string') {
    return {
      kind: 'tool-output',
      callId: loose['call_id'],
      name: names.get(loose['call_id']),
      output: outputText(loose['output']),
    };
  }
  return { kind: 'other', itemType: type };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function outputEntries(
  item: OutputItem,
  structured: boolean,
  outputs: ReadonlyMap<string, string>,
): TranscriptEntry[] {
  switch (item.type) {
    case 'message': {
      const entries: TranscriptEntry[] = [];
      for (const part of item.content) {
        if (part.type === 'refusal') {
          entries.push({ kind: 'refusal', text: part.refusal });
          continue;
        }
        const parsed = structured ? parseJson(part.text) : { ok: false as const };
        const phase = (item as { phase?: unknown }).phase;
        entries.push(
          parsed.ok
            ? { kind: 'structured', text: part.text, value: parsed.value }
            : {
                kind: 'assistant',
                text: part.text,
                ...(typeof phase === 'string' ? { phase } : {}),
              },
        );
      }
      return entries;
    }
    case 'reasoning': {
      const text = (item.content ?? []).map((c) => c.text).join('');
      return [
        {
          kind: 'reasoning',
          summary: item.summary.map((s) => s.text),
          text: text === '' ? undefined : text,
        },
      ];
    }
    case 'function_call':
      return [
        {
          kind: 'tool-call',
          name: item.name,
          callId: item.call_id,
          arguments: item.arguments,
          output: outputs.get(item.call_id),
        },
      ];
    default:
      return [{ kind: 'other', itemType: item.type }];
  }
}

/** Usage flattened to five numbers. */
export function flatUsage(usage: Usage | null): TranscriptUsage | null {
  if (usage === null) return null;
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    reasoning: usage.output_tokens_details?.reasoning_tokens ?? 0,
    cached: usage.input_tokens_details?.cached_tokens ?? 0,
    total: usage.total_tokens,
  };
}

/** The sum of several usages (turns without usage count as zero). */
export function sumUsage(usages: readonly (TranscriptUsage | null)[]): TranscriptUsage {
  const sum = { input: 0, output: 0, reasoning: 0, cached: 0, total: 0 };
  for (const u of usages) {
    if (u === null) continue;
    sum.input += u.input;
    sum.output += u.output;
    sum.reasoning += u.reasoning;
    sum.cached += u.cached;
    sum.total += u.total;
  }
  return sum;
}

/**
 * A stored turn as a transcript turn. `parent` names the calls this turn's tool outputs answer;
 * `following` (the next turn on the branch, or every child in a tree) holds the outputs of this
 * turn's calls.
 *
 * @since 0.1.0
 */
export function transcriptTurn(
  turn: Turn,
  parent: Turn | undefined,
  following: readonly Turn[],
): TranscriptTurn {
  const params = turn.request.params as Record<string, unknown>;
  const text = params['text'];
  const format = isRecord(text) && isRecord(text['format']) ? text['format']['type'] : undefined;
  const structured = format === 'json_schema' || format === 'json_object';
  const names = callNamesOf(parent);
  const outputs = new Map<string, string>();
  for (const child of following)
    for (const [id, out] of toolOutputsOf(child)) if (!outputs.has(id)) outputs.set(id, out);
  const { createdAt, startedAt, firstTokenAt, completedAt } = turn.timings;
  const start = startedAt ?? createdAt;
  return {
    id: turn.id,
    parentId: turn.parentId,
    conversationId: turn.conversationId,
    depth: turn.depth,
    responseId: turn.responseId,
    status: turn.status,
    model: typeof params['model'] === 'string' ? params['model'] : undefined,
    instructions: typeof params['instructions'] === 'string' ? params['instructions'] : undefined,
    contextStrategy: turn.contextStrategy,
    executionStrategy: turn.executionStrategy,
    fallback: turn.fallback,
    error: turn.error,
    incompleteReason: turn.incompleteReason,
    input: turn.request.input
      .map((i) => inputEntry(i, names))
      .filter((e): e is TranscriptEntry => e !== undefined),
    output: turn.output.flatMap((o) => outputEntries(o, structured, outputs)),
    usage: flatUsage(turn.usage),
    timings: {
      createdAt,
      startedAt,
      firstTokenAt,
      completedAt,
      latencyMs: completedAt === undefined ? undefined : completedAt - start,
      timeToFirstTokenMs: firstTokenAt === undefined ? undefined : firstTokenAt - start,
    },
  };
}
