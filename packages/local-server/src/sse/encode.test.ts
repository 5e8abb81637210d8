import { describe, expect, it } from 'vitest';
import type { WireEventBody } from '../wire/types.js';
import { eventJson, encodeFrame } from './encode.js';

const style = { dataFirst: false, omitSequenceNumber: false, floatCreatedAt: false };

describe('encode', () => {
  it('writes text deltas exactly as JSON.stringify would', () => {
    const deltas: WireEventBody[] = [
      { type: 'response.output_text.delta', content_index: 0, delta: ' "quoted"\n\u2028é', item_id: 'msg_1', logprobs: [], output_index: 2 },
      { type: 'response.output_text.delta', content_index: 1, delta: 'x', item_id: 'msg_2', logprobs: [], obfuscation: 'abc', output_index: 0 } as WireEventBody,
    ];
    for (const event of deltas) {
      const generic = `${JSON.stringify(event).slice(0, -1)},"sequence_number":7}`;
      expect(eventJson(event, 7, style)).toBe(generic);
      expect(eventJson(event, 7, { ...style, omitSequenceNumber: true })).toBe(JSON.stringify(event));
    }
  });

  it('frames event first, or data first', () => {
    const event: WireEventBody = { type: 'response.output_text.done', content_index: 0, item_id: 'm', logprobs: [], output_index: 0, text: 'x' };
    expect(encodeFrame(event, 0, style)).toMatch(/^event: response\.output_text\.done\ndata: \{.*"sequence_number":0\}\n\n$/);
    expect(encodeFrame(event, 0, { ...style, dataFirst: true })).toMatch(/^data: \{.*\}\nevent: response\.output_text\.done\n\n$/);
  });
});
