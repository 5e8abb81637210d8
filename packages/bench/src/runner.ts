import type { RunContext, Scenario, ScenarioResult } from './scenario.js';

/** Runs scenarios one after another; a failing scenario is reported, not fatal. */
export async function runScenarios(
  scenarios: readonly Scenario[],
  context: RunContext,
  onResult?: (result: ScenarioResult) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    context.log(`${scenario.name}…`);
    const started = performance.now();
    let result: ScenarioResult;
    try {
      const outcome = await scenario.run(context);
      result = {
        name: scenario.name,
        description: scenario.description,
        durationMs: performance.now() - started,
        figures: outcome.figures,
        series: outcome.series ?? [],
      };
    } catch (error) {
      result = {
        name: scenario.name,
        description: scenario.description,
        durationMs: performance.now() - started,
        figures: [],
        series: [],
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    onResult?.(result);
    results.push(result);
  }
  return results;
}
