/** One benchmark scenario: a setup that returns something to run repeatedly, and what it measures. */
export interface Scenario {
  /** Short stable id, used as the task name and the key in results (e.g. `local-server.blocking`). */
  readonly name: string;
  /** One sentence for the report. */
  readonly description: string;
  /** The unit of the rate this scenario reports, e.g. `req/s` or `events/s`. */
  readonly unit: string;
  /** The rate the scenario should reach on a developer machine, if there is one. */
  readonly target?: number | undefined;
  /** Prepare (start servers, build clients); the returned run is measured, then torn down. */
  setup(): Promise<ScenarioRun>;
}

/** A prepared scenario. */
export interface ScenarioRun {
  /** Do one unit of measured work and return how many units (requests, events) it completed. */
  iteration(): Promise<number>;
  /** Release what setup took. */
  teardown(): Promise<void>;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** Units per second over the measured iterations. */
  readonly rate: number;
  readonly target: number | null;
  readonly meetsTarget: boolean | null;
  readonly iterations: number;
  /** Mean and 99th-percentile time of one iteration, in milliseconds. */
  readonly meanIterationMs: number;
  readonly p99IterationMs: number;
  /** Relative margin of error of the iteration time, in percent. */
  readonly rme: number;
  /** Set when the scenario failed instead of measuring. */
  readonly error?: string | undefined;
}
