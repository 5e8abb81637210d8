/**
 * `@weft/bench`: the benchmark harness. `./dev bench` builds and runs it; results go to
 * `results/latest.{json,md}` and `results/*.svg` (quick runs: `results/quick/`; filtered runs:
 * `results/filtered/`, not committed).
 *
 * Options: `--quick` or `BENCH_QUICK=1` (every scenario, CI-sized), `BENCH_FILTER` (scenarios whose
 * name contains it), `BENCH_TIME_MS` (measured time per rate, default 3000; quick 500),
 * `BENCH_WARMUP_MS` (default 1000; quick 200).
 *
 * @module
 */
import { format } from './figures.js';
import { buildReport, sampleLoad, toMarkdown, writeReport } from './reporter.js';
import { runScenarios } from './runner.js';
import { idleRestoreFlag, restoreMain } from './scenarios/idle-machines.js';
import { scenarios } from './scenarios/index.js';

export type {
  Figure,
  RunContext,
  Scenario,
  ScenarioOutcome,
  ScenarioResult,
  SeriesPoint,
  Target,
} from './scenario.js';
export { runScenarios } from './runner.js';
export { scenarios } from './scenarios/index.js';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick') || process.env['BENCH_QUICK'] === '1';
  const filter = process.env['BENCH_FILTER'];
  const selected =
    filter === undefined ? scenarios : scenarios.filter((s) => s.name.includes(filter));
  const load = sampleLoad();
  const log = (message: string): void => void process.stdout.write(`${message}\n`);
  const results = await runScenarios(
    selected,
    {
      quick,
      timeMs: Number(process.env['BENCH_TIME_MS'] ?? (quick ? 500 : 3000)),
      warmupMs: Number(process.env['BENCH_WARMUP_MS'] ?? (quick ? 200 : 1000)),
      log,
    },
    (r) => {
      if (r.error !== undefined) log(`  failed: ${r.error}`);
      for (const f of r.figures) {
        log(
          `  ${f.key}: ${format(f.value)} ${f.unit}${f.ratio !== undefined ? ` (ratio ${format(f.ratio)})` : ''}${f.met === null ? '' : f.met ? ' ✓' : ' ✗'}`,
        );
      }
    },
  );
  const report = buildReport(results, load.stop(), quick);
  // A filtered run is a probe: it must not replace the full run's committed figures.
  const dir = filter !== undefined ? '../results/filtered/' : quick ? '../results/quick/' : '../results/';
  await writeReport(new URL(dir, import.meta.url), report);
  process.stdout.write(`\n${toMarkdown(report)}`);
  if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const task = process.argv[2] === idleRestoreFlag ? restoreMain(process.argv[3] ?? '{}') : main();
  task.then(
    // Child processes and sockets are closed; exit even if a library left a timer behind.
    () => process.exit(),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
