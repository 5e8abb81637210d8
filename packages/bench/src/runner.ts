import { Bench } from 'tinybench';
import type { Scenario, ScenarioResult, ScenarioRun } from './scenario.js';

/** How long to measure each scenario. */
export interface RunnerOptions {
  /** Measured time budget per scenario, ms. */
  readonly timeMs: number;
  /** Warm-up time per scenario, ms. */
  readonly warmupMs: number;
  /** Called as each scenario finishes (for progress output). */
  readonly onResult?: ((result: ScenarioResult) => void) | undefined;
}

function failed(scenario: Scenario, error: unknown): ScenarioResult {
  return {
    name: scenario.name,
    description: scenario.description,
    unit: scenario.unit,
    rate: 0,
    target: scenario.target ?? null,
    meetsTarget: scenario.target === undefined ? null : false,
    iterations: 0,
    meanIterationMs: 0,
    p99IterationMs: 0,
    rme: 0,
    serverCpuMicrosPerUnit: null,
    capacityPerCore: null,
    error: error instanceof Error ? error.message : String(error),
  };
}

async function measure(scenario: Scenario, run: ScenarioRun, options: RunnerOptions): Promise<ScenarioResult> {
  let work = 0;
  let cpuStart: number | undefined;
  const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs, iterations: 5, warmupIterations: 2, throws: true });
  bench.add(
    scenario.name,
    async () => {
      const done = await run.iteration();
      work += done;
    },
    {
      beforeAll() {
        work = 0;
        cpuStart = run.serverCpuMicros?.();
      },
    },
  );
  await bench.run();
  const task = bench.getTask(scenario.name);
  const result = task?.result;
  if (result === undefined || !('latency' in result)) throw new Error(`no statistics for ${scenario.name}`);
  const rate = result.totalTime > 0 ? (work * 1000) / result.totalTime : 0;
  const cpuEnd = run.serverCpuMicros?.();
  const cpuPerUnit = cpuStart !== undefined && cpuEnd !== undefined && work > 0 ? (cpuEnd - cpuStart) / work : null;
  return {
    name: scenario.name,
    description: scenario.description,
    unit: scenario.unit,
    rate,
    target: scenario.target ?? null,
    meetsTarget: scenario.target === undefined ? null : rate >= scenario.target,
    iterations: result.latency.samplesCount,
    meanIterationMs: result.latency.mean,
    p99IterationMs: result.latency.p99,
    rme: result.latency.rme,
    serverCpuMicrosPerUnit: cpuPerUnit,
    capacityPerCore: cpuPerUnit !== null && cpuPerUnit > 0 ? 1e6 / cpuPerUnit : null,
  };
}

/** Run scenarios one after another; a failing scenario is reported, not fatal. */
export async function runScenarios(scenarios: readonly Scenario[], options: RunnerOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    let result: ScenarioResult;
    let run: ScenarioRun | undefined;
    try {
      run = await scenario.setup();
      result = await measure(scenario, run, options);
    } catch (error) {
      result = failed(scenario, error);
    } finally {
      await run?.teardown();
    }
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
