/**
 * Transcripts as plain text, and as JSON.
 *
 * @module
 */
import { formatUsage, turnFacts, turnNotes } from './format-parts.js';
import type {
  Transcript,
  TranscriptEntry,
  TranscriptNode,
  TranscriptTurn,
} from './transcript-types.js';

function entryLines(e: TranscriptEntry): string[] {
  const indent = (label: string, text: string) => {
    const [first = '', ...rest] = text.split('\n');
    return [`${label}: ${first}`, ...rest.map((l) => `${' '.repeat(label.length + 2)}${l}`)];
  };
  switch (e.kind) {
    case 'message':
      return indent(e.role, e.text);
    case 'assistant':
      return indent(e.phase === undefined ? 'assistant' : `assistant (${e.phase})`, e.text);
    case 'structured':
      return indent('structured output', JSON.stringify(e.value));
    case 'refusal':
      return indent('refusal', e.text);
    case 'reasoning':
      return [
        ...e.summary.flatMap((s) => indent('reasoning summary', s)),
        ...(e.text === undefined ? [] : indent('reasoning', e.text)),
      ];
    case 'tool-call':
      return [
        `tool call ${e.name} [${e.callId}] ${e.arguments}${e.output === undefined ? '' : ` -> ${e.output}`}`,
      ];
    case 'tool-output':
      return [`tool result ${e.name ?? ''} [${e.callId}]: ${e.output}`];
    case 'other':
      return [`[${e.itemType}]`];
  }
}

function turnLines(turn: TranscriptTurn, heads: readonly string[]): string[] {
  const lines = [
    `[${turn.id}] ${turn.status}${heads.length > 0 ? ` (head of ${heads.join(', ')})` : ''}`,
  ];
  lines.push(`  ${turnFacts(turn).join(' · ')}`);
  if (turn.instructions !== undefined)
    lines.push(`  instructions: ${turn.instructions.replace(/\s+/g, ' ')}`);
  for (const note of turnNotes(turn)) lines.push(`  ! ${note}`);
  for (const e of [...turn.input, ...turn.output])
    lines.push(...entryLines(e).map((l) => `  ${l}`));
  return lines;
}

function treeLines(
  node: TranscriptNode,
  prefix: string,
  last: boolean,
  root: boolean,
  out: string[],
): void {
  const branch = root ? '' : last ? '└─ ' : '├─ ';
  const below = root ? '' : last ? '   ' : '│  ';
  const [head = '', ...rest] = turnLines(node.turn, node.heads);
  out.push(`${prefix}${branch}${head}`);
  const pipe = node.children.length > 0 ? '│' : ' ';
  for (const line of rest) out.push(`${prefix}${below}${pipe}${line.slice(1)}`);
  node.children.forEach((child, i) =>
    treeLines(child, prefix + below, i === node.children.length - 1, false, out),
  );
}

/**
 * A transcript as plain text: per turn a `[turn id] status` line, its facts, fallbacks and errors
 * (`!` lines), then each input and output entry. A tree is drawn as an indented tree of turn ids
 * (`├─`, `└─`) with each turn's entries under it.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * console.log(renderText(await readTranscript(store, { conversationId }, { scope: 'tree' })));
 * ```
 */
export function renderText(transcript: Transcript): string {
  const count = transcript.kind === 'branch' ? transcript.turns.length : transcript.turnCount;
  const out = [
    `Transcript${transcript.title === null ? '' : ` "${transcript.title}"`}${transcript.conversationId === undefined ? '' : ` of ${transcript.conversationId}`}: ${count} turns, usage ${formatUsage(transcript.usage)}`,
    '',
  ];
  if (transcript.kind === 'branch') {
    for (const turn of transcript.turns) out.push(...turnLines(turn, []), '');
  } else {
    treeLines(transcript.root, '', true, true, out);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * A transcript as pretty-printed JSON (the {@link Transcript} data itself: every field of every
 * turn, branches nested under `children`).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const data = JSON.parse(renderJson(transcript)) as Transcript;
 * ```
 */
export function renderJson(transcript: Transcript): string {
  return `${JSON.stringify(transcript, null, 2)}\n`;
}
