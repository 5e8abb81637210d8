import { describe, expect, it } from 'vitest';
import { normalizeRequest, requestHash, type IdTokens } from './normalize-request.js';
import { diffJson, formatChanges, textDiff } from './request-diff.js';

const tokens: IdTokens = {
  response: (id) => (id === 'resp_recorded' ? '@response[0]' : undefined),
  conversation: () => undefined,
};

describe('request normalisation', () => {
  it('drops volatile fields, tokenises ids and treats string input as one user message', () => {
    const a = normalizeRequest(
      {
        model: 'm',
        input: 'hi',
        stream: true,
        background: false,
        previous_response_id: 'resp_recorded',
        metadata: { trace: '1' },
      },
      tokens,
      { ignore: ['metadata.trace'] },
    );
    const b = normalizeRequest(
      {
        model: 'm',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
        previous_response_id: 'resp_recorded',
        metadata: { trace: '2' },
        temperature: undefined,
      },
      tokens,
      { ignore: ['metadata.trace'] },
    );
    expect(a).toEqual(b);
    expect(a['previous_response_id']).toBe('@response[0]');
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash({ b: 1, a: 2 })).toBe(requestHash({ a: 2, b: 1 }));
  });
});

describe('request diffs', () => {
  it('pairs items by call id and names nested fields', () => {
    const recorded = {
      input: [{ type: 'function_call_output', call_id: 'c1', output: 'sunny' }],
      tools: [{ type: 'function', name: 'get_weather', strict: true }],
    };
    const current = {
      input: [{ type: 'function_call_output', call_id: 'c1', output: 'rainy' }],
      tools: [
        { type: 'function', name: 'get_weather', strict: false },
        { type: 'function', name: 'extra' },
      ],
    };
    const { changes } = diffJson(recorded, current);
    expect(changes).toEqual([
      { path: 'input[0].output', kind: 'changed', recorded: 'sunny', current: 'rainy' },
      { path: 'tools[0].strict', kind: 'changed', recorded: true, current: false },
      { path: 'tools[1]', kind: 'added', current: { type: 'function', name: 'extra' } },
    ]);
    expect(formatChanges(changes)).toBe(
      '~ input[0].output: recorded "sunny" → now "rainy"\n~ tools[0].strict: recorded true → now false\n+ tools[1]: {"type":"function","name":"extra"} (not recorded)',
    );
  });

  it('reports removed items and gives line diffs for multi-line text', () => {
    const { changes } = diffJson({ a: [1, 2, 3] }, { a: [1, 3] });
    expect(changes).toEqual([{ path: 'a[1]', kind: 'removed', recorded: 2 }]);
    expect(textDiff('one\ntwo\nthree', 'one\n2\nthree')).toBe(
      '@@ -1,3 +1,3 @@\n one\n-two\n+2\n three',
    );
    expect(textDiff('short', 'other')).toBeUndefined();
  });
});
