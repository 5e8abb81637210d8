/**
 * A script that cannot be used, with the dotted path of the first offending value.
 *
 * @since 0.1.0
 */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';
  /** Where the problem is, e.g. `rules[2].reply.functionCalls[0].name` (`''` = the script itself). */
  readonly path: string;
  /** What was expected there, e.g. `a non-empty string`. */
  readonly problem: string;
  /** The file the script came from, when loaded from disk. */
  readonly file: string | undefined;

  constructor(
    path: string,
    problem: string,
    options?: { file?: string | undefined; cause?: unknown },
  ) {
    const where = path === '' ? 'script' : path;
    const from = options?.file === undefined ? '' : ` in ${options.file}`;
    super(`Invalid script${from}: ${where}: ${problem}.`, { cause: options?.cause });
    this.path = path;
    this.problem = problem;
    this.file = options?.file;
  }
}
