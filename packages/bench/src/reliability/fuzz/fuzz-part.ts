import type { ReliabilityPart } from '../contract.js';
import { configTarget } from './config-target.js';
import type { FuzzTarget } from './fuzz-target.js';
import { importTarget } from './import-target.js';
import { requestBodiesTarget } from './request-bodies-target.js';
import { runTarget } from './run-target.js';
import { sseFramesTarget } from './sse-frames-target.js';
import { toolArgumentsTarget } from './tool-arguments-target.js';
import { workflowTarget } from './workflow-target.js';

/** Every fuzz target, in run order. */
export const fuzzTargets: readonly FuzzTarget[] = [
  configTarget,
  toolArgumentsTarget,
  workflowTarget,
  importTarget,
  sseFramesTarget,
  requestBodiesTarget,
];

/** Quick (CI) and full totals over all targets. */
const totalCases = { quick: 300, full: 10_000 };
/** A case that has not settled after this long is a hang. */
const caseLimitMs = 10_000;

/** `total` split over `count` targets as evenly as possible. */
export function splitCases(total: number, count: number): number[] {
  return Array.from(
    { length: count },
    (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0),
  );
}

/**
 * fast-check over configuration, tool arguments, workflow definitions, import files, SSE frames
 * and request bodies, seeded from the suite's seed. Each group of crashes with one cause is one
 * violation, with its count and the first input that showed it.
 */
export const fuzzPart: ReliabilityPart = {
  name: 'fuzz',
  async run(context) {
    let processErrors = 0;
    // An error escaping every handler (a rejected promise nobody awaited) is a crash too.
    const onProcessError = (error: unknown): void => {
      processErrors++;
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      context.observe(text);
      context.violation('fuzz_crashes', `process-level error: ${text.split('\n')[0] ?? ''}`);
    };
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    const counts = splitCases(
      context.full ? totalCases.full : totalCases.quick,
      fuzzTargets.length,
    );
    let cases = 0;
    let crashes = 0;
    let hangs = 0;
    try {
      for (const [i, target] of fuzzTargets.entries()) {
        const result = await runTarget(target, counts[i] ?? 0, context.seed + i, caseLimitMs, {
          workDir: context.workDir,
          sentinels: context.sentinels,
          seed: context.seed,
          observe: (text) => context.observe(text),
        });
        cases += result.cases;
        crashes += result.crashes;
        hangs += result.hangs;
        context.log(
          `${target.name}: ${result.cases} cases, ${result.crashes} crashes, ${result.hangs} hangs`,
        );
        for (const group of result.crashGroups) {
          context.violation(
            'fuzz_crashes',
            `${target.name}: ${group.count}× ${group.detail} — first input: ${group.example}`,
          );
        }
        for (const example of result.hangExamples) {
          context.violation(
            'fuzz_hangs',
            `${target.name}: no answer within ${caseLimitMs} ms — input: ${example}`,
          );
        }
      }
    } finally {
      process.off('uncaughtException', onProcessError);
      process.off('unhandledRejection', onProcessError);
    }
    return { fuzz_cases: cases, fuzz_crashes: crashes + processErrors, fuzz_hangs: hangs };
  },
};
