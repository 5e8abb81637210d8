import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';

/** The command's own options merged with the global ones. */
export function optionsOf<T>(command: Command): GlobalOptions & T {
  return command.optsWithGlobals<GlobalOptions & T>();
}

/** Parses a positive integer option, or throws a usage error naming the option. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`${name} must be a positive integer, got '${value}'.`);
    return n;
  };
}

/** Parses JSON given on the command line, or throws a usage error naming the option. */
export function parseJsonOption(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${name} must be JSON, e.g. ${name} '{"approved": true}'; got '${text}'.`);
  }
}
