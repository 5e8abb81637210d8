/**
 * The verdict on one conflict trial: two processes began a turn on the same head and version and
 * both tried to move the head. It holds when exactly one send succeeded and the other failed with
 * `Conflict`; both turns are stored completed under the old head with their whole reply (nothing
 * lost, nothing torn); the head is the winner's turn; and the version went up by exactly one.
 */
import type { ConversationRecord, Turn } from '@weft/core';
import { expectedReply } from '../crash/crash-script.js';
import { outputTextOf } from '../crash/stored-turns.js';

/** What one appender reported for a trial. */
export interface TrialReport {
  readonly name: string;
  readonly prompt: string;
  /** `ok`, or the tag of the error the send failed with. */
  readonly outcome: string;
  readonly turnId: string | null;
  /** The version and head the appender read before it was told to go. */
  readonly version: number;
  readonly head: string | null;
}

/** What the store holds after the trial. */
export interface TrialState {
  readonly before: { readonly version: number; readonly head: string | null };
  readonly after: ConversationRecord;
  /** The turns asking each report's prompt, by appender name. */
  readonly turnsOf: ReadonlyMap<string, readonly Turn[]>;
}

/** Every way the trial broke the rule; empty when it held. */
export function checkTrial(reports: readonly TrialReport[], state: TrialState): string[] {
  const problems: string[] = [];
  for (const report of reports) {
    if (report.version !== state.before.version || report.head !== state.before.head) {
      problems.push(
        `${report.name} read version ${report.version} (head ${report.head ?? 'none'}), not ${state.before.version}`,
      );
    }
  }
  const winners = reports.filter((r) => r.outcome === 'ok');
  const losers = reports.filter((r) => r.outcome === 'Conflict');
  if (winners.length !== 1 || losers.length !== reports.length - 1) {
    problems.push(
      `outcomes ${reports.map((r) => `${r.name}: ${r.outcome}`).join(', ')} (expected one ok, the rest Conflict)`,
    );
  }
  for (const report of reports) {
    const turns = state.turnsOf.get(report.name) ?? [];
    if (turns.length !== 1) {
      problems.push(`${report.name}'s prompt is stored in ${turns.length} turns`);
      continue;
    }
    const turn = turns[0] as Turn;
    if (report.turnId !== null && report.turnId !== turn.id) {
      problems.push(`${report.name} reported turn ${report.turnId}, the store holds ${turn.id}`);
    }
    if (
      turn.status !== 'completed' ||
      turn.partial ||
      outputTextOf(turn) !== expectedReply(report.prompt)
    ) {
      problems.push(
        `${report.name}'s turn ${turn.id} is torn (${turn.status}, ${outputTextOf(turn).length} chars${turn.partial ? ', partial' : ''})`,
      );
    }
    if (turn.parentId !== state.before.head) {
      problems.push(
        `${report.name}'s turn ${turn.id} hangs under ${turn.parentId ?? 'nothing'}, not the old head`,
      );
    }
  }
  const winner =
    winners.length === 1 ? state.turnsOf.get((winners[0] as TrialReport).name)?.[0] : undefined;
  if (winner !== undefined && state.after.headTurnId !== winner.id) {
    problems.push(
      `the head is ${state.after.headTurnId ?? 'none'}, not the winner's turn ${winner.id}`,
    );
  }
  if (state.after.version !== state.before.version + 1) {
    problems.push(`the version went from ${state.before.version} to ${state.after.version}`);
  }
  return problems;
}
