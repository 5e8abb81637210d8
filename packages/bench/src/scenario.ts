/**
 * The bench's contracts: a scenario measures Weft (or the local server, or a peer) and a baseline in
 * the same run, and reports figures, each in absolute units and as a ratio to its baseline.
 */

/** A target a figure is checked against. */
export type Target =
  /** The value must be at most / at least `value`. */
  | { readonly kind: 'max' | 'min'; readonly value: number }
  /** The ratio to the baseline must be at most / at least `value` (e.g. Weft ≥ 20× faster). */
  | { readonly kind: 'ratio-max' | 'ratio-min'; readonly value: number }
  /** The value must be at most `value` and its ratio to the baseline (the same figure at a small size) at most `flatRatio`. */
  | { readonly kind: 'max-flat'; readonly value: number; readonly flatRatio: number }
  /** The ratio to the baseline (the same figure at a small size) must be at most `flatRatio`. */
  | { readonly kind: 'flat'; readonly flatRatio: number };

/** What a figure is compared with: measured in the same process run. */
export interface Baseline {
  /** What the baseline is, e.g. `raw openai SDK, same calls`. */
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}

/** One reported number. */
export interface Figure {
  /** The key in `latest.json` (snake_case, as in the table). */
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  /** One line: what was measured. */
  readonly what: string;
  readonly baseline?: Baseline | undefined;
  /** `value ÷ baseline.value`, or the figure's own definition (see `ratioMeaning`). */
  readonly ratio?: number | undefined;
  /** How to read the ratio, e.g. `Weft ÷ raw SDK time per turn`. */
  readonly ratioMeaning?: string | undefined;
  readonly target?: Target | undefined;
  /** Whether the target was met (`null` without a target). */
  readonly met: boolean | null;
  /** Sizes, settings or caveats worth printing beside the number. */
  readonly note?: string | undefined;
}

/** One point of a growth curve. */
export interface SeriesPoint {
  /** The chart it belongs to (file name without `.svg`). */
  readonly chart: string;
  /** The line within the chart. */
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** What a scenario reports. */
export interface ScenarioOutcome {
  readonly figures: readonly Figure[];
  readonly series?: readonly SeriesPoint[] | undefined;
}

/** How the run was asked to go. */
export interface RunContext {
  /** CI-sized: every scenario runs, small enough for a few seconds each. */
  readonly quick: boolean;
  /** Measured time per rate measurement, ms. */
  readonly timeMs: number;
  /** Warm-up per rate measurement, ms. */
  readonly warmupMs: number;
  /** Progress output. */
  log(message: string): void;
}

/** One benchmark scenario. */
export interface Scenario {
  /** Short stable id, e.g. `turn-overhead.blocking`. */
  readonly name: string;
  /** One sentence for the report. */
  readonly description: string;
  run(context: RunContext): Promise<ScenarioOutcome>;
}

/** The outcome of one scenario in the report. */
export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly durationMs: number;
  readonly figures: readonly Figure[];
  readonly series: readonly SeriesPoint[];
  /** Set when the scenario failed instead of measuring. */
  readonly error?: string | undefined;
}
