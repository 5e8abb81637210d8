import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The figures of a report: `null` for a key no part of it reported (its part has not run). */
export type ReportedFigures = { readonly [K in keyof ReliabilityFigures]: number | null };

/** One part's run as a report keeps it. */
export interface PartEntry {
  readonly name: string;
  readonly seed: number;
  readonly full: boolean;
  readonly date: string;
  readonly durationMs: number;
  readonly figures: Partial<ReliabilityFigures>;
  /** Set when the part threw. */
  readonly error?: string;
}

/** `results/reliability.json`. */
export interface ReliabilityReport extends ReportedFigures {
  /** The seed of the latest run that wrote the file; each part keeps its own. */
  readonly seed: number;
  /** True when every part in the report ran at full size. */
  readonly full: boolean;
  readonly date: string;
  /** True when every must held and no part threw. */
  readonly passed: boolean;
  readonly parts: readonly PartEntry[];
  readonly violations: readonly Violation[];
}

/** Sums the parts' figures; a key no part reported is `null`. */
export function mergeFigures(
  parts: readonly { readonly figures: Partial<ReliabilityFigures> }[],
): ReportedFigures {
  const merged: Record<string, number | null> = {};
  for (const key of figureKeys) {
    const values = parts.map((p) => p.figures[key]).filter((v): v is number => v !== undefined);
    merged[key] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  }
  return merged as unknown as ReportedFigures;
}

/**
 * Builds the report of a run. With `previous` (the published report), the parts this run did not
 * run are kept from it, so an expensive part can be run on its own (`--full --only crash-cycles`)
 * without discarding the others' figures. `passed` is false when a must failed, a violation was
 * recorded or a part threw.
 */
export function buildReliabilityReport(
  outcomes: readonly PartOutcome[],
  seed: number,
  full: boolean,
  previous?: ReliabilityReport,
): ReliabilityReport {
  const date = new Date().toISOString();
  const ran = new Set(outcomes.map((o) => o.name));
  const kept = (previous?.parts ?? []).filter((p) => !ran.has(p.name));
  const parts: PartEntry[] = [
    ...kept,
    ...outcomes.map((o) => ({
      name: o.name,
      seed,
      full,
      date,
      durationMs: Math.round(o.durationMs),
      figures: o.figures,
      ...(o.error !== undefined ? { error: o.error } : {}),
    })),
  ];
  const keptNames = new Set(kept.map((p) => p.name));
  const violations = [
    ...(previous?.violations ?? []).filter((v) => keptNames.has(v.part)),
    ...outcomes.flatMap((o) => o.violations),
  ];
  const figures = mergeFigures(parts);
  const passed =
    [...mustBeZero].every((key) => (figures[key] ?? 0) === 0) &&
    violations.length === 0 &&
    parts.every((p) => p.error === undefined);
  return {
    ...figures,
    seed,
    full: parts.every((p) => p.full),
    date,
    passed,
    parts,
    violations,
  };
}

/** The published report under `dir`, when there is a readable one. */
export function readReliabilityReport(dir: URL): ReliabilityReport | undefined {
  try {
    const report = JSON.parse(
      readFileSync(new URL('reliability.json', dir), 'utf8'),
    ) as ReliabilityReport;
    return Array.isArray(report.parts) && Array.isArray(report.violations) ? report : undefined;
  } catch {
    return undefined;
  }
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
    const value = report[key];
    return `${key.padEnd(width)}  ${(value === null ? 'not run' : String(value)).padStart(7)}  ${value === null ? '' : mark}`;
  });
  const parts = report.parts.map(
    (p) =>
      `  ${p.name} (${p.full ? 'full' : 'quick'}, seed ${p.seed}, ${p.date.slice(0, 10)}): ${(p.durationMs / 1000).toFixed(1)} s${p.error !== undefined ? ` — threw: ${p.error.split('\n')[0] ?? ''}` : ''}`,
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
