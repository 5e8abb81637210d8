/**
 * The reliability suite's contracts. Each part (crash cycles, faults, conflicts, fuzz) runs on its
 * own and reports some keys of `results/reliability.json`; the runner merges them, scans everything
 * the suite produced for the sentinel secrets, and fails when a "must" fails.
 */

/** Every key of `results/reliability.json`. */
export interface ReliabilityFigures {
  /** Child processes killed with SIGKILL mid-turn (stream, background, workflow step) and resumed. */
  crash_cycles: number;
  /** Turns a resumed process should have finished but the store does not hold. Must be 0. */
  lost_turns: number;
  /** Turns stored more than once for one send. Must be 0. */
  duplicated_turns: number;
  /** Local-server faults × execution strategies tried. */
  faults_tried: number;
  /** Fault runs that ended in something other than a typed error or a transparent recovery with a consistent store. Must be 0. */
  faults_unhandled: number;
  /** Races of two OS processes appending to one conversation. */
  conflict_trials: number;
  /** Races without exactly one winner, or with a lost or torn turn. Must be 0. */
  conflict_violations: number;
  /** fast-check cases over configuration, tool arguments, workflow definitions, import files, SSE frames and request bodies. */
  fuzz_cases: number;
  /** Fuzz cases that threw something other than the typed error the input deserves. Must be 0. */
  fuzz_crashes: number;
  /** Fuzz cases that did not settle within their time limit. Must be 0. */
  fuzz_hangs: number;
  /** Sentinel secrets found in database files, logs, exports or error messages. Must be 0. */
  secret_leaks: number;
}

/** The two secrets every part uses wherever a key or token goes, so the scan can look for them. */
export interface Sentinels {
  /** Used as the API key of every client, and required by every local server the suite starts. */
  readonly apiKey: string;
  /** A bearer token of another kind (e.g. a Bedrock token), used wherever a part passes one. */
  readonly token: string;
}

/** What the runner hands each part. */
export interface ReliabilityContext {
  /** `--full`: 100 crash cycles and 10,000 fuzz cases; otherwise CI-sized counts. */
  readonly full: boolean;
  /** Seed for every random choice (kill points, fuzz), printed so a failure can be re-run. */
  readonly seed: number;
  /**
   * A directory of the part's own. Put every database file, log and export the part writes here:
   * the secret scan reads every file under it after the part ends.
   */
  readonly workDir: string;
  readonly sentinels: Sentinels;
  /** Progress output. */
  log(message: string): void;
  /**
   * Hands the runner a text the suite produced that is not a file under `workDir` (every error
   * message, child-process stderr, log line): the secret scan searches it.
   */
  observe(text: string): void;
  /** Records a failed "must" with what happened, so the report can say it (e.g. the lost turn's id). */
  violation(key: keyof ReliabilityFigures, detail: string): void;
}

/** One part of the suite. */
export interface ReliabilityPart {
  /** Short stable id, e.g. `crash-cycles`. */
  readonly name: string;
  run(context: ReliabilityContext): Promise<Partial<ReliabilityFigures>>;
}
