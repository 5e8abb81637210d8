import { describe, expect, it } from 'vitest';
import { parseReliabilityArgs, ReliabilityArgsError } from './args.js';
import { buildReliabilityReport } from './report.js';
import type { PartOutcome } from './run-part.js';

const outcome = (over: Partial<PartOutcome>): PartOutcome => ({
  name: 'p',
  durationMs: 10,
  figures: {},
  violations: [],
  secretHits: [],
  workDir: '/tmp/x',
  ...over,
});

describe('buildReliabilityReport', () => {
  it('sums every part and passes when every must is 0', () => {
    const report = buildReliabilityReport(
      [
        outcome({ figures: { faults_tried: 3, fuzz_cases: 5 } }),
        outcome({ figures: { fuzz_cases: 7 } }),
      ],
      42,
      false,
    );
    expect(report).toMatchObject({
      faults_tried: 3,
      fuzz_cases: 12,
      seed: 42,
      passed: true,
    });
    // No part reported crash cycles: not run, which is not the same as 0.
    expect(report.crash_cycles).toBeNull();
  });

  it('fails on a must above 0', () => {
    expect(buildReliabilityReport([outcome({ figures: { fuzz_hangs: 1 } })], 1, false).passed).toBe(
      false,
    );
  });

  it('fails when a part threw, even with clean figures', () => {
    const report = buildReliabilityReport([outcome({ error: 'boom' })], 1, true);
    expect(report.passed).toBe(false);
    expect(report.parts[0]).toMatchObject({ name: 'p', error: 'boom' });
  });

  it('keeps the published parts a run did not repeat, and replaces the ones it did', () => {
    const published = buildReliabilityReport(
      [
        outcome({ name: 'crash', figures: { crash_cycles: 100, lost_turns: 0 } }),
        outcome({
          name: 'fuzz',
          figures: { fuzz_cases: 10, fuzz_crashes: 2 },
          violations: [{ part: 'fuzz', key: 'fuzz_crashes', detail: 'old' }],
        }),
      ],
      1,
      true,
    );
    const report = buildReliabilityReport(
      [outcome({ name: 'fuzz', figures: { fuzz_cases: 10_000, fuzz_crashes: 0 } })],
      2,
      true,
      published,
    );
    expect(report).toMatchObject({
      crash_cycles: 100,
      fuzz_cases: 10_000,
      fuzz_crashes: 0,
      full: true,
      passed: true,
    });
    expect(report.parts.map((p) => [p.name, p.seed])).toEqual([
      ['crash', 1],
      ['fuzz', 2],
    ]);
    expect(report.violations).toEqual([]);
  });
});

describe('parseReliabilityArgs', () => {
  it('reads --full, --seed and --only', () => {
    expect(parseReliabilityArgs(['--full', '--seed', '7', '--only', 'fuzz'])).toEqual({
      full: true,
      seed: 7,
      seedGiven: true,
      only: 'fuzz',
    });
  });

  it('picks a random seed when none is given', () => {
    const args = parseReliabilityArgs([]);
    expect(args.seedGiven).toBe(false);
    expect(Number.isSafeInteger(args.seed)).toBe(true);
  });

  it('refuses unknown arguments and bad seeds', () => {
    expect(() => parseReliabilityArgs(['--fast'])).toThrow(ReliabilityArgsError);
    expect(() => parseReliabilityArgs(['--seed', 'x'])).toThrow(ReliabilityArgsError);
  });
});
