/**
 * JSON columns written by hand-written statements, encoded exactly as drizzle's `mode: 'json'`
 * columns read them back.
 *
 * @module
 */

/** The text stored for a JSON column: `NULL` for null or absent, otherwise `JSON.stringify`. */
export function encodeJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
