import type * as fc from 'fast-check';
import type { Sentinels } from '../contract.js';

/** What a fuzz target gets to set itself up. */
export interface FuzzEnvironment {
  readonly workDir: string;
  readonly sentinels: Sentinels;
  readonly seed: number;
  readonly observe: (text: string) => void;
}

/**
 * A fuzz target once set up: values to try and what to do with each. `run` returns when the
 * input was handled as it deserves; a typed error (one with a string `_tag`) thrown from it also
 * counts as handled. Anything else it throws is a crash; not settling in time is a hang.
 */
export interface FuzzHarness<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  run(value: T): Promise<void>;
  close(): Promise<void>;
}

/** One kind of input the suite fuzzes (configuration, tool arguments, …). */
export interface FuzzTarget {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each target has its own value type
  setup(env: FuzzEnvironment): Promise<FuzzHarness<any>>;
}

/** Thrown by a harness when an input was answered wrongly (a 5xx, a changed store, …): a crash. */
export class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
}
