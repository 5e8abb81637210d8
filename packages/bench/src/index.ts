/**
 * `@weft/bench`: the benchmark harness. `./dev bench` builds and runs it; results go to
 * `results/latest.json` and `results/latest.md`.
 *
 * Options (environment): `BENCH_TIME_MS` (measured time per scenario, default 3000),
 * `BENCH_WARMUP_MS` (default 1000), `BENCH_FILTER` (run scenarios whose name contains it).
 *
 * @module
 */
import { describeEnvironment, toMarkdown, writeReport } from './reporter.js';
import { runScenarios } from './runner.js';
import { scenarios } from './scenarios/index.js';

export type { Scenario, ScenarioResult, ScenarioRun } from './scenario.js';
export { runScenarios } from './runner.js';
export { scenarios } from './scenarios/index.js';

async function main(): Promise<void> {
  const filter = process.env['BENCH_FILTER'];
  const selected = filter === undefined ? scenarios : scenarios.filter((s) => s.name.includes(filter));
  const results = await runScenarios(selected, {
    timeMs: Number(process.env['BENCH_TIME_MS'] ?? 3000),
    warmupMs: Number(process.env['BENCH_WARMUP_MS'] ?? 1000),
    onResult: (r) => process.stdout.write(`${r.name}: ${r.error ?? `${Math.round(r.rate).toLocaleString('en-US')} ${r.unit}`}\n`),
  });
  const env = describeEnvironment();
  writeReport(new URL('../results/', import.meta.url), results, env);
  process.stdout.write(`\n${toMarkdown(results, env)}`);
  if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
