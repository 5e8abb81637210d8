/**
 * What a tool call sends back to the model as `output` text.
 *
 * @module
 */

/**
 * Serialises a handler's result: strings as they are, everything else as JSON (`undefined` as
 * `null`). Throws when the value cannot be JSON (cycles, BigInt).
 *
 * @example
 * serializeToolOutput({ temperature: 21 }); // '{"temperature":21}'
 * serializeToolOutput('done'); // 'done'
 */
export function serializeToolOutput(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError(`a ${typeof value} cannot be sent as JSON`);
  return text;
}

/**
 * The JSON text of an error output: `{"error": message, ...extra}`.
 *
 * @example
 * errorOutput('Unknown tool "x".'); // '{"error":"Unknown tool \\"x\\"."}'
 */
export function errorOutput(
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({ error: message, ...extra });
}

/**
 * A readable one-line description of anything a handler threw or failed with.
 *
 * @example
 * describeFailure(new Error('boom')); // 'boom'
 */
export function describeFailure(failure: unknown): string {
  if (failure instanceof Error) {
    const message = failure.message;
    return message === '' ? failure.name : message;
  }
  if (typeof failure === 'string') return failure;
  try {
    return JSON.stringify(failure) ?? String(failure);
  } catch {
    return String(failure);
  }
}
