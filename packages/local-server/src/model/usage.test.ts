import { describe, expect, it } from 'vitest';
import { createModelInput, userMessage } from './model-input.js';
import { cutText, limitOutput } from './output-limit.js';
import { createScriptedModel } from './scripted-model.js';
import type { ContextItem, ReplyItem } from './types.js';
import { cachedTokens, computeUsage, estimateTokens, inputTokens } from './usage.js';

describe('token estimates', () => {
  it('counts ceil(chars / 4)', () => {
    expect([
      estimateTokens(''),
      estimateTokens('a'),
      estimateTokens('abcd'),
      estimateTokens('abcde'),
    ]).toEqual([0, 1, 1, 2]);
  });

  it('counts instructions, every context item, tools and the output schema, at least 1', () => {
    const context: ContextItem[] = [
      userMessage('x'.repeat(40)),
      { type: 'function_call', callId: 'c', name: 'abcd', arguments: '{}' },
      { type: 'function_call_output', callId: 'c', output: 'y'.repeat(8) },
      { type: 'reasoning', text: 'z'.repeat(4) },
      { type: 'other', itemType: 'web_search_call' },
    ];
    const bare = createModelInput({ context, input: context });
    expect(inputTokens(bare)).toBe(10 + 1 + 1 + 2 + 1 + 1);
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    const withExtras = createModelInput({
      context,
      input: context,
      instructions: 'i'.repeat(8),
      tools,
      textFormat: { type: 'json_schema', name: 's', schema: { type: 'object' } },
    });
    const extra = 2 + estimateTokens(JSON.stringify(tools)) + estimateTokens('{"type":"object"}');
    expect(inputTokens(withExtras)).toBe(inputTokens(bare) + extra);
    expect(inputTokens(createModelInput({ context: [] }))).toBe(1);
  });

  it('caches the stored chain in blocks of 64 tokens', () => {
    const chain: ContextItem[] = [
      userMessage('a'.repeat(4 * 100)),
      { type: 'message', role: 'assistant', text: 'b'.repeat(4 * 40) },
    ];
    const input = [userMessage('next')];
    expect(cachedTokens(createModelInput({ context: [...chain, ...input], input }))).toBe(128);
    expect(cachedTokens(createModelInput({ context: input, input }))).toBe(0);
    const usage = createScriptedModel().respond(
      createModelInput({ context: [...chain, ...input], input }),
    ).usage;
    expect(usage.cachedTokens).toBe(128);
    expect(usage.cachedTokens).toBeLessThanOrEqual(usage.inputTokens);
  });

  it('counts call names and arguments, refusals and reasoning as output', () => {
    const items: ReplyItem[] = [
      { type: 'reasoning', summary: ['abcd', 'efgh'] },
      { type: 'refusal', refusal: 'no' },
      { type: 'function_call', name: 'abcd', arguments: '{"a":1}' },
    ];
    // reasoning: "abcd\nefgh" = 9 chars → 3; refusal 1; call 1 + 2.
    expect(computeUsage(createModelInput('q'), items)).toMatchObject({
      outputTokens: 7,
      reasoningTokens: 3,
    });
  });

  it('prices encrypted-only reasoning by effort', () => {
    const items: ReplyItem[] = [{ type: 'reasoning' }];
    const usage = (effort: string | undefined) =>
      computeUsage(
        createModelInput({
          input: [userMessage('q')],
          reasoning: effort === undefined ? null : { effort },
        }),
        items,
      );
    expect(
      [usage('minimal'), usage('high'), usage(undefined)].map((u) => u.reasoningTokens),
    ).toEqual([8, 64, 16]);
  });
});

describe('limitOutput', () => {
  const message = (text: string): ReplyItem => ({ type: 'message', text });

  it('leaves output alone without a limit or within it', () => {
    const items = [message('abcd')];
    expect(limitOutput(items, null, undefined)).toEqual({ items, truncated: false });
    expect(limitOutput(items, 1, undefined)).toEqual({ items, truncated: false });
  });

  it('cuts the message that crosses the limit and drops what follows', () => {
    const items = [message('a'.repeat(8)), message('b'.repeat(40)), message('c')];
    expect(limitOutput(items, 5, undefined)).toEqual({
      items: [message('a'.repeat(8)), message('b'.repeat(12))],
      truncated: true,
    });
  });

  it('keeps reasoning that uses the whole budget and drops the message', () => {
    const items: ReplyItem[] = [
      { type: 'reasoning', summary: ['s'.repeat(40), 't'.repeat(40)] },
      message('hello'),
    ];
    expect(limitOutput(items, 12, undefined)).toEqual({
      items: [{ type: 'reasoning', summary: ['s'.repeat(40), 't'.repeat(8)] }],
      truncated: true,
    });
  });

  it('cuts refusals and keeps an encrypted-only item whole', () => {
    expect(limitOutput([{ type: 'refusal', refusal: 'r'.repeat(20) }], 2, undefined).items).toEqual(
      [{ type: 'refusal', refusal: 'r'.repeat(8) }],
    );
    expect(limitOutput([{ type: 'reasoning' }, message('m')], 4, 'high').items).toEqual([
      { type: 'reasoning' },
    ]);
  });

  it('never reports more output tokens than allowed', () => {
    const reply = createScriptedModel({
      rules: [{ reply: { reasoning: {}, text: 'answer' } }],
    }).respond(
      createModelInput({
        input: [userMessage('q')],
        maxOutputTokens: 4,
        reasoning: { effort: 'high' },
      }),
    );
    expect(reply.status).toBe('incomplete');
    expect(reply.usage).toMatchObject({ outputTokens: 4, reasoningTokens: 4 });
  });

  it('does not split surrogate pairs', () => {
    expect(cutText('abc😀def', 1)).toBe('abc');
    expect(cutText('ab😀def', 1)).toBe('ab😀');
  });
});
