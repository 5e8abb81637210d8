import { InvalidWorkflow, validateWorkflow } from '@weft/workflow';
import { RateLimited } from '@weft/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeLimitExceeded } from '../time-limit.js';
import { classifyThrown } from './classify-error.js';
import { splitCases } from './fuzz-part.js';
import { mutateJson, mutateText } from './junk.js';
import { validDocument } from './workflow-target.js';

describe('fuzz support', () => {
  it('starts workflow mutations from a document that passes every check', () => {
    expect(validateWorkflow(validDocument, { tools: ['lookup_order'] }).issues).toEqual([]);
  });

  it('splits a total over targets without losing a case', () => {
    expect(splitCases(10_000, 6)).toEqual([1667, 1667, 1667, 1667, 1666, 1666]);
    expect(splitCases(300, 6).reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('sorts thrown values: typed errors are handled, time limits hang, the rest crash', () => {
    expect(
      classifyThrown(new RateLimited({ retryAfterMs: 1, code: undefined, requestId: undefined })),
    ).toEqual({
      kind: 'handled',
    });
    expect(classifyThrown(new InvalidWorkflow({ workflowId: undefined, issues: [] })).kind).toBe(
      'handled',
    );
    expect(classifyThrown(new TimeLimitExceeded(5))).toEqual({ kind: 'hang' });
    const a = classifyThrown(
      new TypeError("Cannot use 'in' operator to search for 'provider' in 123"),
    );
    const b = classifyThrown(
      new TypeError("Cannot use 'in' operator to search for 'provider' in -9"),
    );
    expect(a.kind).toBe('crash');
    expect(a).toMatchObject({ signature: (b as { signature: string }).signature });
  });

  it('mutates documents and text deterministically per seed, without touching the base', () => {
    const base = { a: [1, 2], b: { c: 'x' } };
    const first = fc.sample(mutateJson(base), { seed: 9, numRuns: 20 });
    expect(fc.sample(mutateJson(base), { seed: 9, numRuns: 20 })).toEqual(first);
    expect(base).toEqual({ a: [1, 2], b: { c: 'x' } });
    expect(first.some((doc) => JSON.stringify(doc) !== JSON.stringify(base))).toBe(true);
    expect(
      fc
        .sample(mutateText('hello world'), { seed: 1, numRuns: 20 })
        .some((t) => t !== 'hello world'),
    ).toBe(true);
  });
});
