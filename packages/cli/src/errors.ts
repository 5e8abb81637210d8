import type { Effect } from 'effect';

/** Exit codes of `weft`. */
export const ExitCode = {
  ok: 0,
  /** The command ran and failed (endpoint, store, replay divergence, a failed check). */
  failure: 1,
  /** The command line was wrong: unknown command or option, bad value, missing argument. */
  usage: 2,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
} as const;

/** Bad input on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure already explained to the user: printed as one line, exit code 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message);
  }
}

/** The tag of a tagged error (`RateLimited`, `NotFound`, …), if it is one. */
export function tagOf(error: unknown): string | undefined {
  const tag = (error as { _tag?: unknown } | null)?._tag;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * One line that says what went wrong and what to do: the error's own message (Weft's tagged errors
 * already say what to do), first line only, with a hint for errors that say nothing useful.
 */
export function describeError(error: unknown): string {
  if (error instanceof UsageError || error instanceof CliFailure) return firstLine(error.message);
  const tag = tagOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (tag !== undefined) return firstLine(message) || tag;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return `${firstLine(message)} — check the path and its permissions.`;
  }
  return `${firstLine(message) || 'unexpected error'} (run again with --debug for details)`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/** The exit code an error ends the process with. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof CliFailure) return error.exitCode;
  return ExitCode.failure;
}

/** Runs an Effect from a store or client as a Promise that rejects with its tagged error. */
export async function run<A, E>(effect: Effect.Effect<A, E>): Promise<A> {
  const { Cause, Effect, Exit } = await import('effect');
  const exit = await Effect.runPromiseExit(effect);
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}
