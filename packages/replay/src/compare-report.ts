/**
 * The comparison report as Markdown.
 *
 * @module
 */
import type { ComparisonReport, Delta, ExchangeComparison } from './compare.js';
import { formatChanges } from './divergence/request-diff.js';

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const shorten = (text: string, max = 40): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
const pair = (d: Delta, unit = ''): string =>
  `${d.original}${unit} → ${d.rerun}${unit} (${signed(d.delta)})`;

function toolCell(e: ExchangeComparison): string {
  const t = e.toolCalls;
  const parts: string[] = [];
  if (t.same > 0) parts.push(`${t.same} same`);
  if (t.changed.length > 0) parts.push(`${t.changed.length} changed`);
  if (t.onlyOriginal.length > 0) parts.push(`${t.onlyOriginal.length} only original`);
  if (t.onlyRerun.length > 0) parts.push(`${t.onlyRerun.length} only re-run`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function details(e: ExchangeComparison): string[] {
  const lines = [`### Exchange ${e.index + 1}: ${cell(shorten(e.inputText, 80))}`, ''];
  if (!e.sameInput) lines.push('- **inputs differ**: the branches are not aligned here', '');
  lines.push(`- status: ${e.status.original ?? 'none'} → ${e.status.rerun ?? 'none'}`);
  lines.push(
    `- tokens: ${pair(e.tokens.total)} · latency: ${pair(e.latencyMs, ' ms')} · turns: ${pair(e.turns)}`,
    '',
  );
  if (e.textSame) lines.push('Text: identical.', '');
  else {
    lines.push('Text diff (`[-original-]{+re-run+}`):', '', '```diff', e.textDiff ?? '', '```', '');
  }
  const t = e.toolCalls;
  for (const c of t.changed)
    lines.push(`- tool \`${c.name}\` arguments changed:`, '```', formatChanges(c.changes), '```');
  for (const c of t.onlyOriginal)
    lines.push(`- tool \`${c.name}\` only in the original: \`${c.arguments}\``);
  for (const c of t.onlyRerun)
    lines.push(`- tool \`${c.name}\` only in the re-run: \`${c.arguments}\``);
  if (e.structured !== undefined && e.structured.length > 0) {
    lines.push('', 'Structured output differences:', '```', formatChanges(e.structured), '```');
  }
  lines.push('');
  return lines;
}

/**
 * A comparison report as Markdown: the models, a summary table (one row per exchange: input,
 * text same or changed, tool calls, structured output, tokens and latency with deltas), totals,
 * then per exchange the text diff and the tool-call and structured-output differences.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * writeFileSync('rerun.md', renderComparisonMarkdown(await compareBranches(store, branches)));
 * ```
 */
export function renderComparisonMarkdown(report: ComparisonReport): string {
  const s = report.summary;
  const lines = [
    '# Branch comparison',
    '',
    `Original \`${report.original.headTurnId}\` (${report.original.models.join(', ') || 'no model'}) vs re-run \`${report.rerun.headTurnId}\` (${report.rerun.models.join(', ') || 'no model'}).`,
    '',
    '| # | input | text | tool calls | structured | tokens | latency |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const e of report.exchanges) {
    const structured =
      e.structured === undefined
        ? 'n/a'
        : e.structured.length === 0
          ? 'same'
          : `${e.structured.length} changes`;
    lines.push(
      `| ${e.index + 1} | ${cell(shorten(e.inputText))} | ${e.textSame ? 'same' : 'changed'} | ${toolCell(e)} | ${structured} | ${pair(e.tokens.total)} | ${pair(e.latencyMs, ' ms')} |`,
    );
  }
  lines.push(
    `| **total** | ${s.exchanges} exchanges | ${s.textsDiffering} changed | ${s.toolCallsDiffering} differ | ${s.structuredDiffering} differ | ${pair(s.tokens.total)} | ${pair(s.latencyMs, ' ms')} |`,
    '',
    `Tokens: input ${pair(s.tokens.input)}, output ${pair(s.tokens.output)}, reasoning ${pair(s.tokens.reasoning)}.`,
    '',
    '## Exchanges',
    '',
  );
  for (const e of report.exchanges) lines.push(...details(e));
  return `${lines.join('\n').trimEnd()}\n`;
}
