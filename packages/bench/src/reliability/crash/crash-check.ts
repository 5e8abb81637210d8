/**
 * Checks what one crash cycle left in the store, after the resumed process finished.
 *
 * For every send the killed child started (the one prompt of a stream or background cycle; each
 * model step's prompt of a workflow cycle), in the cycle's conversation:
 *
 * - **lost** (1 per send): the head chain holds no completed turn asking the prompt whose output is
 *   the complete scripted reply; or a turn cut off by the kill kept output that is not a prefix of
 *   the reply (its partial output was not kept as it arrived); or such a turn, holding a response
 *   or output, is still open (`pending`/`in_progress`) after the resume instead of being recorded
 *   as interrupted (`failed`, `partial` when it has output) or finished.
 * - **duplicated** (1 per extra): more than one completed turn asking the prompt anywhere in the
 *   conversation's tree (e.g. a turn completed before the kill but left off the head, then sent
 *   again), or the reply stored more than once on the head chain.
 *
 * A turn stored `pending` with no response and no output (the kill came before the request) is
 * neither: nothing was sent for it, and the resumed process sent the prompt anew.
 */
import type { Turn } from '@weft/core';
import { expectedReply } from './crash-script.js';
import { asks, outputTextOf, type StoredConversation } from './stored-turns.js';

/** The verdict on one send. */
export interface SendVerdict {
  readonly prompt: string;
  readonly lost: number;
  readonly duplicated: number;
  /** What went wrong, for the report; empty when nothing did. */
  readonly problems: readonly string[];
}

const open = (turn: Turn): boolean => turn.status === 'pending' || turn.status === 'in_progress';

/** Checks one send of a cycle against the conversation it wrote to. */
export function checkSend(stored: StoredConversation, prompt: string): SendVerdict {
  const reply = expectedReply(prompt);
  const problems: string[] = [];
  const chainIds = new Set(stored.chain.map((turn) => turn.id));
  const onHeadChain = (turn: Turn): boolean => chainIds.has(turn.id);
  const asked = stored.turns.filter((turn) => asks(turn, prompt));
  const completed = asked.filter((turn) => turn.status === 'completed');
  const onChain = stored.chain.filter(
    (turn) => turn.status === 'completed' && asks(turn, prompt) && outputTextOf(turn) === reply,
  );
  let lost = 0;
  if (onChain.length === 0) {
    lost = 1;
    const found = completed.map(
      (t) =>
        `${t.id} (${outputTextOf(t).length} chars, ${onHeadChain(t) ? 'on' : 'off'} the head chain)`,
    );
    problems.push(
      `no complete answer on the head chain; completed turns asking it: ${found.join(', ') || 'none'}`,
    );
  }
  for (const turn of asked.filter((t) => t.status !== 'completed')) {
    const text = outputTextOf(turn);
    if (!reply.startsWith(text)) {
      lost = 1;
      problems.push(
        `turn ${turn.id} (${turn.status}) kept output that is not a prefix of the reply`,
      );
    } else if (open(turn) && (turn.responseId !== null || turn.output.length > 0)) {
      lost = 1;
      problems.push(`turn ${turn.id} is still ${turn.status} with a response after the resume`);
    } else if (!open(turn) && turn.output.length > 0 && !turn.partial) {
      lost = 1;
      problems.push(`turn ${turn.id} (${turn.status}) kept output without marking it partial`);
    }
  }
  const chainCopies = stored.chain.filter((turn) => outputTextOf(turn) === reply).length;
  const duplicated = Math.max(completed.length - 1, chainCopies - 1, 0);
  if (completed.length > 1) {
    const where = completed.map(
      (t) =>
        `${t.id} (parent ${t.parentId ?? 'none'}, ${onHeadChain(t) ? 'on' : 'off'} the head chain)`,
    );
    problems.push(`${completed.length} completed turns ask it: ${where.join(', ')}`);
  }
  if (chainCopies > 1) problems.push(`the reply is stored ${chainCopies} times on the head chain`);
  return { prompt, lost, duplicated, problems };
}
