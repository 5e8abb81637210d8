import { randomInt } from 'node:crypto';

/** The suite's command line: `[--full] [--seed N] [--only <part>]`. */
export interface ReliabilityArgs {
  readonly full: boolean;
  readonly seed: number;
  /** Whether the seed was given (a random one is printed so the run can be repeated). */
  readonly seedGiven: boolean;
  readonly only: string | undefined;
}

/** Thrown for an argument the suite does not know or a malformed value. */
export class ReliabilityArgsError extends Error {
  override readonly name = 'ReliabilityArgsError';
}

/** Parses the suite's arguments (without `node` and the script path). */
export function parseReliabilityArgs(argv: readonly string[]): ReliabilityArgs {
  let full = false;
  let seed: number | undefined;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full') full = true;
    else if (arg === '--seed') {
      const value = argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new ReliabilityArgsError(`--seed needs a non-negative integer, got ${String(value)}`);
      }
      seed = Number(value);
    } else if (arg === '--only') {
      only = argv[++i];
      if (only === undefined || only === '')
        throw new ReliabilityArgsError('--only needs a part name');
    } else {
      throw new ReliabilityArgsError(
        `unknown argument ${String(arg)} (expected --full, --seed N, --only <part>)`,
      );
    }
  }
  return {
    full,
    seed: seed ?? randomInt(2 ** 31 - 1),
    seedGiven: seed !== undefined,
    only,
  };
}
