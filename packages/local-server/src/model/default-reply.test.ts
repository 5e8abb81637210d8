import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createModelInput, userMessage } from './model-input.js';
import { createScriptedModel } from './scripted-model.js';
import type { ContextItem, ModelInput, ToolDefinition } from './types.js';

const model = createScriptedModel();
const respond = (input: ModelInput) => model.respond(input);

const weather: ToolDefinition = {
  name: 'get_weather',
  parameters: {
    type: 'object',
    additionalProperties: false,
    required: ['city'],
    properties: { city: { type: 'string' } },
  },
};
const time: ToolDefinition = { name: 'getTime', parameters: { type: 'object', properties: {} } };
const noParams: ToolDefinition = { name: 'ping' };

const withTools = (text: string, fields: Partial<ModelInput> = {}): ModelInput =>
  createModelInput({ tools: [weather, time, noParams], input: [userMessage(text)], ...fields });

const names = (input: ModelInput) =>
  respond(input).items.flatMap((item) => (item.type === 'function_call' ? [item.name] : []));

describe('default model', () => {
  it('echoes the user and names the turn', () => {
    expect(respond(createModelInput('Hello there')).items).toEqual([
      { type: 'message', text: 'You said: "Hello there". This is turn 1 of our conversation.' },
    ]);
  });

  it('recalls the previous user message on later turns', () => {
    const context: ContextItem[] = [
      userMessage('My name is Ada.'),
      { type: 'message', role: 'assistant', text: 'Hi Ada' },
      userMessage('What is my name?'),
    ];
    const [item] = respond(createModelInput({ context })).items;
    expect(item).toEqual({
      type: 'message',
      text: 'You asked: "What is my name?". This is turn 2 of our conversation; before that you said "My name is Ada.".',
    });
  });

  it('greets when there is no user message', () => {
    const [item] = respond(createModelInput({ model: 'demo-model', context: [] })).items;
    expect(item).toMatchObject({ type: 'message', text: expect.stringContaining('demo-model') });
  });

  it('is deterministic: the same input gives a deep-equal reply', () => {
    const input = withTools('call get_weather please', {
      reasoning: { effort: 'high', summary: 'auto' },
    });
    expect(createScriptedModel().respond(input)).toEqual(createScriptedModel().respond(input));
    expect(respond(input)).toEqual(respond(structuredClone(input)));
    expect(respond(createModelInput('x'.repeat(500)))).toEqual(
      respond(createModelInput('x'.repeat(500))),
    );
  });

  it('reports tool results', () => {
    const context: ContextItem[] = [
      userMessage('Weather in Paris?'),
      { type: 'function_call', callId: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', callId: 'c2', name: 'getTime', arguments: '{}' },
      { type: 'function_call_output', callId: 'c1', output: '{"temp":21}' },
      { type: 'function_call_output', callId: 'c2', output: '12:00' },
    ];
    const [item] = respond(
      createModelInput({ context, input: context.slice(3), tools: [weather, time] }),
    ).items;
    expect(item).toEqual({
      type: 'message',
      text:
        'The tool `get_weather` returned "{"temp":21}". The tool `getTime` returned "12:00". ' +
        'That answers your request "Weather in Paris?".',
    });
  });

  it('calls a tool the user names, with arguments from its schema', () => {
    const reply = respond(withTools('Please use get_weather for "Lyon"'));
    expect(reply.items).toEqual([
      { type: 'function_call', name: 'get_weather', arguments: '{"city":"Lyon"}' },
    ]);
  });

  it('recognises names written as words and calls several in mention order', () => {
    expect(names(withTools('first get time, then get_weather'))).toEqual([
      'getTime',
      'get_weather',
    ]);
    expect(
      names(withTools('first get time, then get_weather', { parallelToolCalls: false })),
    ).toEqual(['getTime']);
    expect(names(withTools('ping'))).toEqual(['ping']);
    expect(respond(withTools('ping')).items).toEqual([
      { type: 'function_call', name: 'ping', arguments: '{}' },
    ]);
  });

  it('does not call tools the user does not name, or whose name is only part of a word', () => {
    expect(names(withTools('what a nice day'))).toEqual([]);
    expect(names(withTools('pinging you'))).toEqual([]);
  });

  it('follows tool_choice', () => {
    expect(names(withTools('call get_weather', { toolChoice: 'none' }))).toEqual([]);
    expect(names(withTools('hello', { toolChoice: 'required' }))).toEqual(['get_weather']);
    expect(names(withTools('hello, ping', { toolChoice: 'required' }))).toEqual(['ping']);
    expect(
      names(withTools('get_weather', { toolChoice: { type: 'function', name: 'getTime' } })),
    ).toEqual(['getTime']);
    const allowed = (mode: string) => ({
      type: 'allowed_tools',
      mode,
      tools: [{ type: 'function', name: 'ping' }],
    });
    expect(names(withTools('get_weather', { toolChoice: allowed('auto') }))).toEqual([]);
    expect(names(withTools('get_weather', { toolChoice: allowed('required') }))).toEqual(['ping']);
  });

  it('does not call tools again after tool results unless the choice is forced', () => {
    const context: ContextItem[] = [
      userMessage('use get_weather'),
      { type: 'function_call', callId: 'c1', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', callId: 'c1', output: 'sunny' },
    ];
    const base = { context, input: context.slice(2), tools: [weather] };
    expect(names(createModelInput(base))).toEqual([]);
    expect(names(createModelInput({ ...base, toolChoice: 'required' }))).toEqual(['get_weather']);
  });

  it('adds reasoning when effort is set: a summary when asked for, else encrypted-only', () => {
    const summarised = respond(
      createModelInput({
        input: [userMessage('hi')],
        reasoning: { effort: 'low', summary: 'auto' },
      }),
    );
    expect(summarised.items[0]).toEqual({
      type: 'reasoning',
      summary: [expect.stringContaining('"hi"')],
    });
    expect(summarised.items[1]?.type).toBe('message');
    const hidden = respond(
      createModelInput({ input: [userMessage('hi')], reasoning: { effort: 'medium' } }),
    );
    expect(hidden.items[0]).toEqual({ type: 'reasoning' });
    expect(hidden.usage.reasoningTokens).toBe(32);
    const none = respond(
      createModelInput({
        input: [userMessage('hi')],
        reasoning: { effort: 'none', summary: 'auto' },
      }),
    );
    expect(none.items.map((i) => i.type)).toEqual(['message']);
    const calling = respond(
      withTools('get_weather', { reasoning: { effort: 'low', summary: 'detailed' } }),
    );
    expect(calling.items.map((i) => i.type)).toEqual(['reasoning', 'function_call']);
  });

  it('answers json_schema formats with a value the schema accepts', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'rating', 'tags', 'review'],
      properties: {
        title: { type: 'string' },
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        tags: { type: 'array', items: { type: 'string' } },
        review: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    };
    const input = createModelInput({
      input: [userMessage('Review "Dune"')],
      textFormat: { type: 'json_schema', name: 'review', schema, strict: true },
    });
    const [item] = respond(input).items;
    if (item?.type !== 'message') throw new Error('expected a message');
    const value: unknown = JSON.parse(item.text);
    expect(new Ajv().validate(schema, value)).toBe(true);
    expect(value).toMatchObject({ title: 'Dune', rating: 1 });
  });

  it('answers json_object formats with a small object', () => {
    const [item] = respond(
      createModelInput({ input: [userMessage('hi')], textFormat: { type: 'json_object' } }),
    ).items;
    if (item?.type !== 'message') throw new Error('expected a message');
    expect(JSON.parse(item.text)).toEqual({ answer: 'You said: hi', turn: 1 });
  });
});
