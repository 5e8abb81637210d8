/**
 * Small formatting helpers shared by the transcript renderers.
 *
 * @module
 */
import type { TranscriptEntry, TranscriptTurn, TranscriptUsage } from './transcript-types.js';

/** `12 in / 30 out (reasoning 5, cached 0), 42 total` */
export function formatUsage(usage: TranscriptUsage | null): string {
  if (usage === null) return 'no usage';
  return `${usage.input} in / ${usage.output} out (reasoning ${usage.reasoning}, cached ${usage.cached}), ${usage.total} total`;
}

/** `850 ms` or `1.25 s`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return 'n/a';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The facts line of a turn: model, strategies, response id, timings, usage. */
export function turnFacts(turn: TranscriptTurn): string[] {
  const facts = [
    `model ${turn.model ?? 'unknown'}`,
    `context ${turn.contextStrategy}`,
    `execution ${turn.executionStrategy}`,
    `response ${turn.responseId ?? 'none'}`,
    `latency ${formatMs(turn.timings.latencyMs)}`,
  ];
  if (turn.timings.timeToFirstTokenMs !== undefined)
    facts.push(`first token ${formatMs(turn.timings.timeToFirstTokenMs)}`);
  facts.push(`usage ${formatUsage(turn.usage)}`);
  return facts;
}

/** The warnings of a turn: fallback, error, incomplete reason. */
export function turnNotes(turn: TranscriptTurn): string[] {
  const notes: string[] = [];
  if (turn.fallback !== null)
    notes.push(`fallback ${turn.fallback.from} → ${turn.fallback.to}: ${turn.fallback.reason}`);
  if (turn.error !== null) notes.push(`error ${turn.error.tag}: ${turn.error.message}`);
  if (turn.incompleteReason !== null) notes.push(`incomplete: ${turn.incompleteReason}`);
  return notes;
}

/** A short one-line gist of an entry, for tree outlines. */
export function gist(entry: TranscriptEntry, max = 60): string {
  const cut = (s: string) => {
    const flat = s.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  switch (entry.kind) {
    case 'message':
      return `${entry.role}: "${cut(entry.text)}"`;
    case 'assistant':
      return `assistant: "${cut(entry.text)}"`;
    case 'structured':
      return `structured: ${cut(entry.text)}`;
    case 'refusal':
      return `refusal: "${cut(entry.text)}"`;
    case 'reasoning':
      return `reasoning: "${cut(entry.summary.join(' ') || entry.text || '')}"`;
    case 'tool-call':
      return `tool ${entry.name}(${cut(entry.arguments)})`;
    case 'tool-output':
      return `tool result ${entry.name ?? entry.callId}: "${cut(entry.output)}"`;
    case 'other':
      return `[${entry.itemType}]`;
  }
}
