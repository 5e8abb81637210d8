/**
 * Validation issues as short lines a model (or a person) can act on: `items[0].price: expected
 * number, received string`.
 *
 * @module
 */
import type { z } from 'zod';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Writes a data path the way code would access it: `items[0].price`, `["odd key"]`; `(root)` for
 * the value itself.
 *
 * @example
 * formatPath(['items', 0, 'price']); // 'items[0].price'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && identifier.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? `missing (expected ${issue.expected})`
        : issue.message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return issue.message.replace(/^Invalid (option|input): /, '');
    case 'invalid_union': {
      const expected = issue.errors
        .flat()
        .filter((inner) => inner.path.length === 0 && inner.code === 'invalid_type')
        .map((inner) => (inner as z.core.$ZodIssueInvalidType).expected);
      return expected.length > 0
        ? `expected ${[...new Set(expected)].join(' | ')}`
        : 'matches none of the allowed shapes';
    }
    case 'unrecognized_keys':
      return `unexpected ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return lowerFirst(issue.message);
  }
}

/**
 * Formats zod issues as `path: problem` lines.
 *
 * @example
 * const result = z.object({ price: z.number() }).safeParse({ price: 'x' });
 * if (!result.success) formatZodIssues(result.error.issues); // ['price: expected number, received string']
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${describe(issue)}`);
}
