import { describe, expect, it } from 'vitest';
import { viewContext } from './context-view.js';
import { compileRules } from './match.js';
import { createModelInput, userMessage } from './model-input.js';
import type { Rule } from './script.js';
import type { ContextItem, ModelInput } from './types.js';

function firstMatch(rules: Rule[], input: ModelInput): string | undefined {
  const found = compileRules(rules).find(input, viewContext(input));
  return found?.rule.name;
}

const reply = { text: 'ok' };
const weatherTool = { name: 'get_weather', parameters: { type: 'object', properties: {} } };

const call = (callId: string, name: string): ContextItem => ({
  type: 'function_call',
  callId,
  name,
  arguments: '{}',
});
const output = (callId: string, text: string): ContextItem => ({
  type: 'function_call_output',
  callId,
  output: text,
});
const assistant = (text: string): ContextItem => ({ type: 'message', role: 'assistant', text });

describe('rule matching', () => {
  it('matches input as a case-insensitive substring or a regex', () => {
    const rules: Rule[] = [
      { name: 'regex', match: { input: { regex: '^bye\\b' } }, reply },
      { name: 'substring', match: { input: 'HELLO' }, reply },
    ];
    expect(firstMatch(rules, createModelInput('well, hello there'))).toBe('substring');
    expect(firstMatch(rules, createModelInput('bye now'))).toBe('regex');
    expect(firstMatch(rules, createModelInput('Bye now'))).toBeUndefined();
  });

  it('matches the latest user message, not earlier ones', () => {
    const input = createModelInput({
      context: [userMessage('hello'), assistant('hi'), userMessage('weather?')],
    });
    expect(firstMatch([{ name: 'h', match: { input: 'hello' }, reply }], input)).toBeUndefined();
  });

  it('lets the first matching rule win', () => {
    const rules: Rule[] = [
      { name: 'first', match: { input: 'a' }, reply },
      { name: 'second', match: { input: 'a' }, reply },
    ];
    expect(firstMatch(rules, createModelInput('a'))).toBe('first');
  });

  it('matches model, instructions, hasTools and metadata', () => {
    const rules: Rule[] = [
      { name: 'model', match: { model: { regex: '^gpt-5$' } }, reply },
      { name: 'instructions', match: { instructions: 'pirate' }, reply },
      { name: 'tools', match: { hasTools: true }, reply },
      {
        name: 'no-tools-flaky',
        match: { hasTools: false, metadata: { scenario: 'flaky' } },
        reply,
      },
    ];
    expect(firstMatch(rules, createModelInput({ model: 'gpt-5', input: [userMessage('x')] }))).toBe(
      'model',
    );
    expect(
      firstMatch(rules, createModelInput({ model: 'gpt-5-mini', input: [userMessage('x')] })),
    ).toBeUndefined();
    expect(
      firstMatch(
        rules,
        createModelInput({ instructions: 'Talk like a Pirate.', input: [userMessage('x')] }),
      ),
    ).toBe('instructions');
    expect(
      firstMatch(rules, createModelInput({ tools: [weatherTool], input: [userMessage('x')] })),
    ).toBe('tools');
    expect(
      firstMatch(
        rules,
        createModelInput({ metadata: { scenario: 'flaky' }, input: [userMessage('x')] }),
      ),
    ).toBe('no-tools-flaky');
    expect(
      firstMatch(
        rules,
        createModelInput({ metadata: { other: 'flaky' }, input: [userMessage('x')] }),
      ),
    ).toBeUndefined();
  });

  it('never matches instructions when the request has none', () => {
    expect(
      firstMatch(
        [{ name: 'i', match: { instructions: { regex: '.*' } }, reply }],
        createModelInput('x'),
      ),
    ).toBeUndefined();
  });

  it('matches the turn number and turn ranges', () => {
    const rules: Rule[] = [
      { name: 'second', match: { turn: 2 }, reply },
      { name: 'later', match: { turn: { min: 3, max: 4 } }, reply },
    ];
    const turns = (n: number) =>
      createModelInput({ context: Array.from({ length: n }, (_, i) => userMessage(`m${i}`)) });
    expect([1, 2, 3, 4, 5].map((n) => firstMatch(rules, turns(n)))).toEqual([
      undefined,
      'second',
      'later',
      'later',
      undefined,
    ]);
  });

  it('answers tool results only with functionOutput rules, matched by call name through call_id', () => {
    const rules: Rule[] = [
      { name: 'weather-call', match: { input: 'weather' }, reply },
      { name: 'time-result', match: { functionOutput: { name: 'get_time' } }, reply },
      {
        name: 'weather-result',
        match: { functionOutput: { name: 'get_weather', output: { regex: '\\d+C' } } },
        reply,
      },
      { name: 'any-result', match: { functionOutput: {} }, reply },
    ];
    const context = [userMessage('weather please'), call('c1', 'get_weather'), output('c1', '21C')];
    const input = createModelInput({ context, input: context.slice(1) });
    expect(firstMatch(rules, input)).toBe('weather-result');
    const rainy = [userMessage('weather please'), call('c1', 'get_weather'), output('c1', 'rain')];
    expect(firstMatch(rules, createModelInput({ context: rainy }))).toBe('any-result');
  });

  it('matches any of several parallel outputs and reports which', () => {
    const context = [
      userMessage('go'),
      call('c1', 'get_time'),
      call('c2', 'get_weather'),
      output('c1', '12:00'),
      output('c2', 'sunny'),
    ];
    const input = createModelInput({ context });
    const found = compileRules([{ match: { functionOutput: { name: 'get_time' } }, reply }]).find(
      input,
      viewContext(input),
    );
    expect(found?.toolResult).toEqual({ callId: 'c1', name: 'get_time', output: '12:00' });
  });

  it('finds the right call when call ids repeat across responses', () => {
    const context = [
      userMessage('one'),
      call('call_0', 'get_time'),
      output('call_0', '12:00'),
      assistant('It is noon.'),
      userMessage('two'),
      call('call_0', 'get_weather'),
      output('call_0', 'sunny'),
    ];
    const rules: Rule[] = [
      { name: 'time', match: { functionOutput: { name: 'get_time' } }, reply },
      { name: 'weather', match: { functionOutput: { name: 'get_weather' } }, reply },
    ];
    expect(firstMatch(rules, createModelInput({ context }))).toBe('weather');
  });

  it('treats a string function name as exact', () => {
    const context = [userMessage('x'), call('c1', 'get_weather_v2'), output('c1', 'ok')];
    const rules: Rule[] = [
      { name: 'exact', match: { functionOutput: { name: 'get_weather' } }, reply },
      { name: 'regex', match: { functionOutput: { name: { regex: '^get_weather' } } }, reply },
    ];
    expect(firstMatch(rules, createModelInput({ context }))).toBe('regex');
  });

  it('answers a new user message after tool results with user-message rules again', () => {
    const context = [
      userMessage('x'),
      call('c1', 'f'),
      output('c1', 'ok'),
      assistant('done'),
      userMessage('next'),
    ];
    const rules: Rule[] = [
      { name: 'result', match: { functionOutput: {} }, reply },
      { name: 'user', reply },
    ];
    expect(firstMatch(rules, createModelInput({ context }))).toBe('user');
  });

  it('stops a rule after `times` fires, per matcher, until reset', () => {
    const matcher = compileRules([
      { name: 'twice', times: 2, reply },
      { name: 'fallback', reply },
    ]);
    const input = createModelInput('hi');
    const names = () => matcher.find(input, viewContext(input))?.rule.name;
    expect([names(), names(), names()]).toEqual(['twice', 'twice', 'fallback']);
    const other = compileRules([{ name: 'twice', times: 2, reply }]);
    expect(other.find(input, viewContext(input))?.rule.name).toBe('twice');
    matcher.reset();
    expect(names()).toBe('twice');
  });

  it('does not count a rule that did not match', () => {
    const matcher = compileRules([{ name: 'once', times: 1, match: { input: 'yes' }, reply }]);
    const no = createModelInput('no');
    const yes = createModelInput('yes');
    expect(matcher.find(no, viewContext(no))).toBeUndefined();
    expect(matcher.find(yes, viewContext(yes))?.rule.name).toBe('once');
    expect(matcher.find(yes, viewContext(yes))).toBeUndefined();
  });
});
