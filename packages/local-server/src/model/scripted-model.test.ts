import { describe, expect, it } from 'vitest';
import { createModelInput, userMessage } from './model-input.js';
import type { Script } from './script.js';
import { ScriptError } from './script-error.js';
import { createScriptedModel, noMatchingRuleCode } from './scripted-model.js';
import type { ContextItem, ModelInput } from './types.js';

const weatherTool = {
  name: 'get_weather',
  parameters: {
    type: 'object',
    additionalProperties: false,
    required: ['city', 'unit'],
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
  },
};

const toolTurn = (name: string, result: string): ModelInput => {
  const context: ContextItem[] = [
    userMessage('What is the weather in Paris?'),
    { type: 'function_call', callId: 'call_1', name, arguments: '{}' },
    { type: 'function_call_output', callId: 'call_1', output: result },
  ];
  return createModelInput({
    model: 'gpt-test',
    context,
    input: context.slice(2),
    tools: [weatherTool],
  });
};

describe('createScriptedModel', () => {
  it('fills placeholders in text', () => {
    const model = createScriptedModel({
      rules: [
        { reply: { text: 'turn {{turn}} on {{model}}: {{ input }} / {{output}} {{ tool }}.' } },
      ],
    });
    const input = createModelInput({ model: 'm1', input: [userMessage('hi there')] });
    expect(model.respond(input).items).toEqual([
      { type: 'message', text: 'turn 1 on m1: hi there /  .' },
    ]);
  });

  it('continues after a tool result with {{output}} and {{tool}}', () => {
    const model = createScriptedModel({
      rules: [
        {
          match: { input: 'weather' },
          reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
        },
        {
          match: { functionOutput: { name: 'get_weather' } },
          reply: { text: '{{tool}} says {{output}} for "{{input}}"' },
        },
      ],
    });
    expect(model.respond(toolTurn('get_weather', 'sunny, 21C')).items).toEqual([
      { type: 'message', text: 'get_weather says sunny, 21C for "What is the weather in Paris?"' },
    ]);
  });

  it('produces parallel calls after a commentary preamble, in API order', () => {
    const model = createScriptedModel({
      rules: [
        {
          reply: {
            reasoning: { summary: 'Two lookups needed.' },
            text: 'Let me look both up.',
            phase: 'commentary',
            functionCalls: [
              { name: 'get_weather', arguments: { city: '{{input}}' } },
              { name: 'get_time', arguments: '{"tz": "Europe/Paris"' },
            ],
          },
        },
      ],
    });
    expect(model.respond(createModelInput('Paris')).items).toEqual([
      { type: 'reasoning', summary: ['Two lookups needed.'] },
      { type: 'message', text: 'Let me look both up.', phase: 'commentary' },
      { type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', name: 'get_time', arguments: '{"tz": "Europe/Paris"' },
    ]);
  });

  it('synthesises missing arguments from the declared tool schema', () => {
    const model = createScriptedModel({
      rules: [{ reply: { functionCalls: [{ name: 'get_weather' }, { name: 'undeclared' }] } }],
    });
    const input = createModelInput({
      tools: [weatherTool],
      input: [userMessage('Weather in "Oslo"?')],
    });
    expect(model.respond(input).items).toEqual([
      { type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}' },
      { type: 'function_call', name: 'undeclared', arguments: '{}' },
    ]);
  });

  it.each([
    [{ reasoning: {}, text: 'a' }, { type: 'reasoning' }],
    [
      { reasoning: { summary: ['one', 'two'] }, text: 'a' },
      { type: 'reasoning', summary: ['one', 'two'] },
    ],
    [
      { reasoning: { text: 'thinking about {{input}}' }, text: 'a' },
      { type: 'reasoning', text: 'thinking about q' },
    ],
    [
      { reasoning: { summary: 's', text: 't' }, text: 'a' },
      { type: 'reasoning', summary: ['s'], text: 't' },
    ],
  ])('puts reasoning %j first', (reply, reasoning) => {
    const items = createScriptedModel({ rules: [{ reply }] }).respond(createModelInput('q')).items;
    expect(items).toEqual([reasoning, { type: 'message', text: 'a' }]);
  });

  it('answers refusals, json and raw text', () => {
    const model = createScriptedModel({
      rules: [
        { match: { input: 'bomb' }, reply: { refusal: "I can't help with {{input}}." } },
        {
          match: { input: 'json' },
          reply: { json: { answer: '{{input}}', n: 1, list: [true, null] } },
        },
        { match: { input: 'raw' }, reply: { rawText: '{"broken": {{input}}' } },
      ],
    });
    expect(model.respond(createModelInput('bomb')).items).toEqual([
      { type: 'refusal', refusal: "I can't help with bomb." },
    ]);
    expect(model.respond(createModelInput('json')).items).toEqual([
      { type: 'message', text: '{"answer":"json","n":1,"list":[true,null]}' },
    ]);
    expect(model.respond(createModelInput('raw')).items).toEqual([
      { type: 'message', text: '{"broken": {{input}}' },
    ]);
  });

  it('returns explicit json even when it does not fit the requested schema', () => {
    const model = createScriptedModel({ rules: [{ reply: { json: { wrong: true } } }] });
    const input = createModelInput({
      input: [userMessage('x')],
      textFormat: {
        type: 'json_schema',
        name: 'out',
        schema: { type: 'object', required: ['right'] },
      },
    });
    expect(model.respond(input).items).toEqual([{ type: 'message', text: '{"wrong":true}' }]);
  });

  it('attaches rule faults over default faults', () => {
    const model = createScriptedModel({
      rules: [
        { match: { input: 'flaky' }, faults: { status: 429, retryAfterSeconds: 2 } },
        { match: { input: 'plain' }, reply: { text: 'ok' } },
      ],
      defaults: { faults: { delayBetweenMs: 10, status: 500 } },
    });
    const flaky = model.respond(createModelInput('flaky'));
    expect(flaky.faults).toEqual({ delayBetweenMs: 10, status: 429, retryAfterSeconds: 2 });
    // A rule without a reply lets the default model answer.
    expect(flaky.items[0]).toMatchObject({
      type: 'message',
      text: expect.stringContaining('flaky'),
    });
    expect(model.respond(createModelInput('plain')).faults).toEqual({
      delayBetweenMs: 10,
      status: 500,
    });
    expect(createScriptedModel().respond(createModelInput('x')).faults).toBeUndefined();
  });

  it('fires a rule only `times` times, then falls through', () => {
    const model = createScriptedModel({
      rules: [
        { name: 'outage', times: 1, faults: { status: 503 }, reply: { text: 'unused' } },
        { reply: { text: 'recovered' } },
      ],
    });
    const input = createModelInput('hello');
    expect(model.respond(input).faults).toEqual({ status: 503 });
    expect(model.respond(input)).toMatchObject({ items: [{ text: 'recovered' }] });
    expect(model.respond(input).faults).toBeUndefined();
    model.reset();
    expect(model.respond(input).faults).toEqual({ status: 503 });
  });

  it('uses defaults.reply when nothing matches', () => {
    const model = createScriptedModel({
      rules: [],
      defaults: { reply: { text: 'Sorry, no script for "{{input}}".' } },
    });
    expect(model.respond(createModelInput('abc')).items).toEqual([
      { type: 'message', text: 'Sorry, no script for "abc".' },
    ]);
  });

  it('fails unmatched requests in strict mode, from the script or the options', () => {
    const strict = createScriptedModel({
      rules: [{ match: { input: 'known' }, reply: { text: 'ok' } }],
      defaults: { unmatched: 'fail' },
    });
    const reply = strict.respond(createModelInput('something else'));
    expect(reply.items).toEqual([]);
    expect(reply.faults?.failWith?.code).toBe(noMatchingRuleCode);
    expect(reply.faults?.failWith?.message).toContain('something else');
    const viaOptions = createScriptedModel({ rules: [] }, { unmatched: 'fail' });
    expect(viaOptions.respond(createModelInput('x')).faults?.failWith?.code).toBe(
      noMatchingRuleCode,
    );
    const overridden = createScriptedModel(
      { rules: [], defaults: { unmatched: 'fail' } },
      { unmatched: 'default' },
    );
    expect(overridden.respond(createModelInput('x')).faults).toBeUndefined();
  });

  it('validates scripts given as objects', () => {
    const bad = { rules: [{ match: { input: { regex: '(' } }, reply: { text: 'x' } }] } as Script;
    expect(() => createScriptedModel(bad)).toThrow(ScriptError);
    expect(() => createScriptedModel(bad)).toThrow(/rules\[0\]\.match\.input\.regex/);
  });

  it('reports usage with reasoning inside output tokens', () => {
    const model = createScriptedModel({
      rules: [{ reply: { reasoning: { text: 'abcdefgh' }, text: 'abcd' } }],
    });
    const reply = model.respond(
      createModelInput({ instructions: '12345678', input: [userMessage('1234')] }),
    );
    expect(reply.status).toBe('completed');
    expect(reply.usage).toEqual({
      inputTokens: 3,
      outputTokens: 3,
      reasoningTokens: 2,
      cachedTokens: 0,
    });
  });

  it('truncates the final message to max_output_tokens and reports incomplete', () => {
    const model = createScriptedModel({
      rules: [{ reply: { reasoning: { text: 'abcd' }, text: 'x'.repeat(100) } }],
    });
    const reply = model.respond(
      createModelInput({ maxOutputTokens: 6, input: [userMessage('q')] }),
    );
    expect(reply.status).toBe('incomplete');
    expect(reply.items).toEqual([
      { type: 'reasoning', text: 'abcd' },
      { type: 'message', text: 'x'.repeat(20) },
    ]);
    expect(reply.usage.outputTokens).toBe(6);
    expect(reply.usage.reasoningTokens).toBe(1);
    const roomy = model.respond(
      createModelInput({ maxOutputTokens: 26, input: [userMessage('q')] }),
    );
    expect(roomy.status).toBe('completed');
  });

  it('drops calls that do not fit max_output_tokens', () => {
    const model = createScriptedModel({
      rules: [
        {
          reply: {
            text: 'ok',
            functionCalls: [{ name: 'f', arguments: { long: 'y'.repeat(200) } }],
          },
        },
      ],
    });
    const reply = model.respond(
      createModelInput({ maxOutputTokens: 16, input: [userMessage('q')] }),
    );
    expect(reply).toMatchObject({ status: 'incomplete', items: [{ type: 'message', text: 'ok' }] });
  });
});
