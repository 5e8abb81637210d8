/** Text conditions: case-insensitive substrings or regexes, compiled once per model. */
import { at, describe, fail, fieldsAt, isAbsent, stringAt } from './check-value.js';
import type { TextPattern } from './script.js';

/** A compiled {@link TextPattern}. */
export type TextTest = (value: string) => boolean;

// `g` and `y` make RegExp#test stateful, which would make matching depend on earlier requests.
const allowedFlags = /^[imsu]*$/;

/** Checks a pattern from a script, including that its regex compiles. */
export function checkPattern(value: unknown, path: string): TextPattern {
  if (typeof value === 'string') return value;
  const fields = fieldsAt(value, path, ['regex', 'flags'], 'a string or { regex, flags? }');
  const regex = stringAt(fields['regex'], at(path, 'regex'));
  if (isAbsent(fields['flags'])) {
    compileRegex(regex, '', at(path, 'regex'));
    return { regex };
  }
  const flags = stringAt(fields['flags'], at(path, 'flags'));
  if (!allowedFlags.test(flags)) {
    fail(at(path, 'flags'), `expected flags among i, m, s, u, got ${describe(flags)}`);
  }
  compileRegex(regex, flags, at(path, 'regex'));
  return { regex, flags };
}

function compileRegex(source: string, flags: string, path: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(path, `invalid regular expression (${reason})`);
  }
}

/**
 * Compiles a pattern. Strings match as case-insensitive substrings, or as the whole value with
 * `exact` (used for function names).
 */
export function compilePattern(pattern: TextPattern, options?: { exact?: boolean }): TextTest {
  if (typeof pattern === 'string') {
    if (options?.exact === true) return (value) => value === pattern;
    const needle = pattern.toLowerCase();
    return (value) => value.toLowerCase().includes(needle);
  }
  const regex = compileRegex(pattern.regex, pattern.flags ?? '', 'regex');
  return (value) => regex.test(value);
}
