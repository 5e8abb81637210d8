/**
 * Reads how long a server asked the client to wait before trying again.
 *
 * @module
 */

/** Headers as the SDK exposes them (a `Headers` object), or a plain record. */
export type HeaderSource = Headers | Readonly<Record<string, string | undefined>> | undefined;

/**
 * The delay a server asked for, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * seconds or as an HTTP date (relative to `nowMs`). `undefined` when absent or unreadable; never
 * negative.
 *
 * @param headers - the response headers of the failed call
 * @param nowMs - the current time, epoch milliseconds (only used for HTTP dates)
 * @since 0.1.0
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' }), Date.now()); // 2000
 * ```
 */
export function parseRetryAfter(headers: HeaderSource, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number(ms);
    if (ms.trim() !== '' && Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function header(headers: NonNullable<HeaderSource>, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}
