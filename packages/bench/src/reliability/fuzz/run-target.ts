import * as fc from 'fast-check';
import { withTimeLimit } from '../time-limit.js';
import { classifyThrown } from './classify-error.js';
import type { FuzzEnvironment, FuzzTarget } from './fuzz-target.js';

/** A group of crashes with one cause, with the first input that showed it. */
export interface CrashGroup {
  readonly signature: string;
  count: number;
  readonly detail: string;
  readonly example: string;
}

/** What fuzzing one target found. */
export interface TargetResult {
  readonly name: string;
  readonly cases: number;
  readonly crashes: number;
  readonly hangs: number;
  /** Cases that ended without an error, and with a typed error. */
  readonly accepted: number;
  readonly refused: number;
  readonly crashGroups: readonly CrashGroup[];
  /** Inputs that did not settle in time (first few). */
  readonly hangExamples: readonly string[];
}

/** Short, secret-free text of an input for a report. */
export function describeInput(value: unknown, env: FuzzEnvironment): string {
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text
    .replaceAll(env.sentinels.apiKey, '<api key>')
    .replaceAll(env.sentinels.token, '<token>')
    .slice(0, 300);
}

/**
 * Runs `cases` seeded inputs through a target, each within `caseLimitMs`, and sorts the outcomes.
 * Every error message goes to `observe` for the secret scan.
 */
export async function runTarget(
  target: FuzzTarget,
  cases: number,
  seed: number,
  caseLimitMs: number,
  env: FuzzEnvironment,
): Promise<TargetResult> {
  const harness = await target.setup(env);
  const groups = new Map<string, CrashGroup>();
  const hangExamples: string[] = [];
  let crashes = 0;
  let hangs = 0;
  let accepted = 0;
  let refused = 0;
  try {
    const values: unknown[] = fc.sample(harness.arbitrary, { seed, numRuns: cases });
    for (const value of values) {
      let outcome;
      try {
        await withTimeLimit(harness.run(value), caseLimitMs);
        accepted++;
        continue;
      } catch (error) {
        if (error instanceof Error) env.observe(`${error.message}\n${error.stack ?? ''}`);
        else env.observe(String(error));
        outcome = classifyThrown(error);
      }
      if (outcome.kind === 'handled') refused++;
      else if (outcome.kind === 'hang') {
        hangs++;
        if (hangExamples.length < 5) hangExamples.push(describeInput(value, env));
      } else if (outcome.kind === 'crash') {
        crashes++;
        const group = groups.get(outcome.signature);
        if (group !== undefined) group.count++;
        else {
          groups.set(outcome.signature, {
            signature: outcome.signature,
            count: 1,
            detail: outcome.detail,
            example: describeInput(value, env),
          });
        }
      }
    }
  } finally {
    await harness.close();
  }
  return {
    name: target.name,
    cases,
    crashes,
    hangs,
    accepted,
    refused,
    crashGroups: [...groups.values()],
    hangExamples,
  };
}
