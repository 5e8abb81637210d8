/**
 * Transcripts as Markdown.
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

const quote = (text: string): string =>
  text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
const code = (text: string): string => `\`${text.replaceAll('`', 'ˋ')}\``;
const fence = (lang: string, text: string): string => `\`\`\`${lang}\n${text}\n\`\`\``;
const heading = (level: number, text: string): string =>
  level <= 6 ? `${'#'.repeat(level)} ${text}` : `**${text}**`;

function entry(e: TranscriptEntry): string {
  switch (e.kind) {
    case 'message':
      return `**${e.role === 'user' ? 'User' : e.role === 'assistant' ? 'Assistant (replayed)' : e.role === 'system' ? 'System' : 'Developer'}:**\n${quote(e.text)}`;
    case 'assistant':
      return `**Assistant${e.phase === undefined ? '' : ` (${e.phase})`}:**\n${quote(e.text)}`;
    case 'structured':
      return `**Structured output:**\n${fence('json', JSON.stringify(e.value, null, 2))}`;
    case 'refusal':
      return `**Refusal:**\n${quote(e.text)}`;
    case 'reasoning': {
      const lines = ['**Reasoning:**'];
      for (const s of e.summary) lines.push(quote(s));
      if (e.text !== undefined) lines.push(quote(e.text));
      return lines.join('\n');
    }
    case 'tool-call': {
      const result = e.output === undefined ? '' : `\n\nResult: ${code(e.output)}`;
      return `**Tool call** ${code(e.name)} (${code(e.callId)}):\n${fence('json', e.arguments)}${result}`;
    }
    case 'tool-output':
      return `**Tool result** ${code(e.name ?? 'function')} (${code(e.callId)}): ${code(e.output)}`;
    case 'other':
      return `*[${e.itemType} item]*`;
  }
}

function turnSection(
  turn: TranscriptTurn,
  index: number | undefined,
  level: number,
  heads: readonly string[],
): string {
  const title = `${index === undefined ? 'Turn' : `Turn ${index}`} · ${code(turn.id)} · ${turn.status}`;
  const lines = [heading(level, title), ''];
  lines.push(`- ${turnFacts(turn).join(' · ')}`);
  if (turn.instructions !== undefined)
    lines.push(`- instructions: ${turn.instructions.replace(/\s+/g, ' ')}`);
  if (heads.length > 0) lines.push(`- head of ${heads.map(code).join(', ')}`);
  for (const note of turnNotes(turn))
    lines.push(`- **${note.split(' ')[0]}** ${note.slice(note.indexOf(' ') + 1)}`);
  lines.push('');
  for (const e of [...turn.input, ...turn.output]) lines.push(entry(e), '');
  return lines.join('\n');
}

function nodeSections(
  node: TranscriptNode,
  level: number,
  out: string[],
  counter: { n: number },
): void {
  let current: TranscriptNode | undefined = node;
  while (current !== undefined) {
    out.push(turnSection(current.turn, ++counter.n, level, current.heads));
    if (current.children.length === 1) {
      current = current.children[0];
      continue;
    }
    const parent: TranscriptNode = current;
    parent.children.forEach((child, i) => {
      out.push(
        heading(
          level,
          `Branch ${i + 1} of ${parent.children.length} after ${code(parent.turn.id)}`,
        ),
        '',
      );
      nodeSections(child, level + 1, out, counter);
    });
    current = undefined;
  }
}

/**
 * A transcript as Markdown: a heading per turn with its facts (model, strategies, response id,
 * latency, first token, usage, instructions), fallbacks and errors in bold, then user input,
 * reasoning, assistant text, tool calls (arguments as JSON, with their results), structured
 * output and refusals. A tree shows each branch as a nested section under the turn it grew from.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * writeFileSync('conversation.md', renderMarkdown(await readTranscript(store, { conversationId })));
 * ```
 */
export function renderMarkdown(transcript: Transcript): string {
  const name =
    transcript.title ??
    transcript.conversationId ??
    (transcript.kind === 'branch' ? transcript.headTurnId : transcript.root.turn.id);
  const count = transcript.kind === 'branch' ? transcript.turns.length : transcript.turnCount;
  const out = [
    `# Transcript: ${name}`,
    '',
    `${transcript.kind === 'tree' ? 'Turn tree' : 'Branch'}${transcript.conversationId === undefined ? '' : ` of conversation ${code(transcript.conversationId)}`} · ${count} turns · usage ${formatUsage(transcript.usage)}`,
    '',
  ];
  if (transcript.kind === 'branch') {
    transcript.turns.forEach((turn, i) => out.push(turnSection(turn, i + 1, 2, [])));
  } else {
    nodeSections(transcript.root, 2, out, { n: 0 });
  }
  return `${out.join('\n').trimEnd()}\n`;
}
