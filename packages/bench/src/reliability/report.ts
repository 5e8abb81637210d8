import { mkdirSync, writeFileSync } from 'node:fs';
import type { ReliabilityFigures } from './contract.js';
import type { PartOutcome, Violation } from './run-part.js';

/** Every key, in the order the issue lists them. */
export const figureKeys = [
  'crash_cycles',
  'lost_turns',
  'duplicated_turns',
  'faults_tried',
  'faults_unhandled',
  'conflict_trials',
  'conflict_violations',
  'fuzz_cases',
  'fuzz_crashes',
  'fuzz_hangs',
  'secret_leaks',
] as const satisfies readonly (keyof ReliabilityFigures)[];

/** The keys that must be 0. */
export const mustBeZero: ReadonlySet<keyof ReliabilityFigures> = new Set([
  'lost_turns',
  'duplicated_turns',
  'faults_unhandled',
  'conflict_violations',
  'fuzz_crashes',
  'fuzz_hangs',
  'secret_leaks',
]);

/** `results/reliability.json`. */
export interface ReliabilityReport extends ReliabilityFigures {
  readonly seed: number;
  readonly full: boolean;
  readonly date: string;
  /** True when every must held and no part threw. */
  readonly passed: boolean;
  readonly parts: readonly {
    readonly name: string;
    readonly durationMs: number;
    readonly error?: string;
  }[];
  readonly violations: readonly Violation[];
}

/** Sums the parts' figures (a key no part reported is 0). */
export function mergeFigures(outcomes: readonly PartOutcome[]): ReliabilityFigures {
  const merged = Object.fromEntries(figureKeys.map((key) => [key, 0])) as Record<
    keyof ReliabilityFigures,
    number
  >;
  for (const outcome of outcomes) {
    for (const key of figureKeys) merged[key] += outcome.figures[key] ?? 0;
  }
  return merged;
}

/** Builds the report; `passed` is false when a must failed, a violation was recorded or a part threw. */
export function buildReliabilityReport(
  outcomes: readonly PartOutcome[],
  seed: number,
  full: boolean,
): ReliabilityReport {
  const figures = mergeFigures(outcomes);
  const violations = outcomes.flatMap((o) => o.violations);
  const passed =
    [...mustBeZero].every((key) => figures[key] === 0) &&
    violations.length === 0 &&
    outcomes.every((o) => o.error === undefined);
  return {
    ...figures,
    seed,
    full,
    date: new Date().toISOString(),
    passed,
    parts: outcomes.map((o) => ({
      name: o.name,
      durationMs: Math.round(o.durationMs),
      ...(o.error !== undefined ? { error: o.error } : {}),
    })),
    violations,
  };
}

/** Writes `reliability.json` under `dir`. */
export function writeReliabilityReport(dir: URL, report: ReliabilityReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('reliability.json', dir), `${JSON.stringify(report, null, 2)}\n`);
}

/** The plain-text table printed at the end of a run. */
export function reliabilityTable(report: ReliabilityReport): string {
  const width = Math.max(...figureKeys.map((k) => k.length));
  const lines = figureKeys.map((key) => {
    const must = mustBeZero.has(key);
    const mark = must ? (report[key] === 0 ? '✓ must be 0' : '✗ must be 0') : '';
    return `${key.padEnd(width)}  ${String(report[key]).padStart(7)}  ${mark}`;
  });
  const parts = report.parts.map(
    (p) =>
      `  ${p.name}: ${(p.durationMs / 1000).toFixed(1)} s${p.error !== undefined ? ` — threw: ${p.error.split('\n')[0] ?? ''}` : ''}`,
  );
  const violations = report.violations.map((v) => `  ${v.part} ${v.key}: ${v.detail}`);
  return [
    `Reliability (${report.full ? 'full' : 'quick'}, seed ${report.seed})`,
    ...lines,
    'parts:',
    ...parts,
    ...(violations.length > 0 ? ['violations:', ...violations] : []),
    report.passed ? 'PASSED' : 'FAILED',
    '',
  ].join('\n');
}
