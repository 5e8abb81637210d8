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
  return deepFreeze(structuredClone(value));
}

/** A deep, mutable copy of JSON-like data. */
export function mutableCopy<T>(value: T): T {
  return structuredClone(value);
}
