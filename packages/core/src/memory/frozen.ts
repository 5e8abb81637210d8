/**
 * Deep copies that callers cannot mutate, so memory stores never share state with their callers.
 *
 * @module
 */

/** Freezes `value` and everything reachable from it, in place. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}

/** A deep, frozen copy of JSON-like data: later changes to `value` do not reach the copy. */
export function frozenCopy<T>(value: T): T {
  // Most stored values (stream deltas) are flat records: a spread copies them for a fraction of
  // what structuredClone costs, and a stream logs thousands of them per turn.
  if (isFlatRecord(value)) return Object.freeze({ ...value });
  return deepFreeze(structuredClone(value));
}

/** A plain object whose own values are all primitives (nothing a shallow copy would share). */
function isFlatRecord(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'object' && field !== null) return false;
    if (typeof field === 'function') return false;
  }
  return true;
}

/** A deep, mutable copy of JSON-like data. */
export function mutableCopy<T>(value: T): T {
  return structuredClone(value);
}
