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
  /** CPU time the server process has used so far, µs, when it can be read (Linux `/proc`). */
  serverCpuMicros?(): number | undefined;
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
  /** Server CPU time per unit of work, µs (null when unknown); independent of other load on the machine. */
  readonly serverCpuMicrosPerUnit: number | null;
  /** Units per second one server core could sustain at that CPU cost: `1e6 / serverCpuMicrosPerUnit`. */
  readonly capacityPerCore: number | null;
  /** Set when the scenario failed instead of measuring. */
  readonly error?: string | undefined;
}
