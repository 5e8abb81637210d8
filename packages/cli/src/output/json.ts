/** Writes `value` to standard output as pretty JSON and a newline: the `--json` form of every listing. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
