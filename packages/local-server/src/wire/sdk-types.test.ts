/**
 * Compile-time checks that what the server emits fits the SDK's own types; `tsc --noEmit` fails if
 * the wire types drift. The runtime part feeds a stream through the SDK's accumulating helper.
 */
import type * as Sdk from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test-support/server.js';
import type { WireEventBody, WireOutputItem, WireResponse, WireStreamEvent } from './types.js';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;
type NoResponse<E> = E extends { response: unknown } ? never : E extends { type: 'error' } ? never : E;

// Every event without a Response snapshot is exactly an SDK event once numbered.
export type _Events = Assert<Extends<NoResponse<WireEventBody> & { sequence_number: number }, Sdk.ResponseStreamEvent>>;
// Output items are SDK output items.
export type _Items = Assert<Extends<WireOutputItem, Sdk.ResponseOutputItem>>;
// A finished Response (usage present) plus what the SDK adds client-side is an SDK Response,
// apart from the error code, which real servers send outside the SDK's enum.
export type _Response = Assert<
  Extends<
    Omit<WireResponse, 'usage' | 'user' | 'error' | 'frequency_penalty' | 'presence_penalty' | 'store'> & {
      usage: Sdk.ResponseUsage;
      output_text: string;
      access_programs: null;
      error: null;
    },
    Sdk.Response
  >
>;
export type _Stream = Assert<Extends<Extract<WireStreamEvent, { type: 'response.completed' }>['type'], Sdk.ResponseStreamEvent['type']>>;

describe('SDK compatibility', () => {
  it('the SDK accumulates every event kind into the final response', async () => {
    const t = await startTestServer({
      script: { rules: [{ reply: { reasoning: { summary: ['a b'], text: 'c d' }, text: 'hello there', functionCalls: [{ name: 'f', arguments: { a: 1 } }] } }] },
    });
    try {
      const stream = t.client.responses.stream({ model: 'gpt-5', input: 'x', tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { a: { type: 'number' } } }, strict: false }] });
      const final = await stream.finalResponse();
      expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
      expect(final.output_text).toBe('hello there');
    } finally {
      await t.close();
    }
  });

  it('refusals stream and accumulate', async () => {
    const t = await startTestServer({ script: { rules: [{ reply: { refusal: 'I cannot help with that.' } }] } });
    try {
      const final = await t.client.responses.stream({ model: 'gpt-5', input: 'x' }).finalResponse();
      const message = final.output[0];
      expect(message?.type === 'message' ? message.content[0] : undefined).toMatchObject({ type: 'refusal', refusal: 'I cannot help with that.' });
    } finally {
      await t.close();
    }
  });

  it('incomplete responses mark the cut item and end with response.incomplete', async () => {
    const t = await startTestServer({ script: { rules: [{ reply: { text: 'one two three four five six seven eight nine ten '.repeat(10) } }] } });
    try {
      const stream = await t.client.responses.create({ model: 'gpt-5', input: 'x', max_output_tokens: 16, stream: true });
      const types: string[] = [];
      let last: Sdk.ResponseStreamEvent | undefined;
      for await (const e of stream) {
        types.push(e.type);
        last = e;
      }
      expect(types).not.toContain('response.completed');
      expect(last?.type).toBe('response.incomplete');
      if (last?.type !== 'response.incomplete') return;
      expect(last.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
      expect((last.response.output.at(-1) as { status?: string } | undefined)?.status).toBe('incomplete');
    } finally {
      await t.close();
    }
  });
});
