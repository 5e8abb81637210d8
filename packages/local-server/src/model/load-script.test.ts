import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScript, parseScript } from './load-script.js';
import { ScriptError } from './script-error.js';

function errorOf(run: () => unknown): ScriptError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScriptError) return error;
    throw error;
  }
  throw new Error('expected a ScriptError');
}

describe('parseScript', () => {
  it('accepts a full script and normalises shorthand', () => {
    const script = parseScript({
      rules: [
        {
          name: 'weather',
          match: {
            input: { regex: 'weather', flags: 'i' },
            hasTools: true,
            turn: { min: 1 },
            metadata: { scenario: 'a' },
          },
          reply: {
            reasoning: true,
            text: 'Checking {{ input }}',
            phase: 'commentary',
            functionCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          faults: {
            status: 429,
            retryAfterSeconds: 1,
            times: 1,
            failWith: { code: 'x', message: 'y' },
          },
          times: 2,
        },
        { match: { functionOutput: {} }, reply: { json: null } },
      ],
      defaults: { unmatched: 'fail', faults: { delayBetweenMs: 5 } },
    });
    expect(script.rules[0]?.reply?.reasoning).toEqual({});
    expect(script.rules[1]?.reply).toEqual({ json: null });
    expect(script.defaults?.unmatched).toBe('fail');
  });

  it('drops YAML nulls as if the key were absent', () => {
    expect(parseScript({ rules: [{ match: null, reply: { text: 'hi', phase: null } }] })).toEqual({
      rules: [{ reply: { text: 'hi' } }],
    });
  });

  it.each([
    [{ rules: 'x' }, 'rules', 'expected an array'],
    [{ rules: [], extra: 1 }, 'extra', 'unknown key'],
    [{ rules: [{ reply: { text: 1 } }] }, 'rules[0].reply.text', 'expected a string'],
    [
      {
        rules: [
          { reply: { text: 'a' } },
          { reply: { functionCalls: [{ name: 'f' }, { name: '' }] } },
        ],
      },
      'rules[1].reply.functionCalls[1].name',
      'non-empty string',
    ],
    [
      { rules: [{ reply: { functionCalls: [{ name: 'f', arguments: 3 }] } }] },
      'rules[0].reply.functionCalls[0].arguments',
      'object or a JSON string',
    ],
    [{ rules: [{ reply: { functionCalls: [] } }] }, 'rules[0].reply.functionCalls', 'at least one'],
    [
      { rules: [{ match: { input: { regex: '(' } }, reply: { text: 'a' } }] },
      'rules[0].match.input.regex',
      'invalid regular expression',
    ],
    [
      { rules: [{ match: { model: { regex: 'a', flags: 'g' } }, reply: { text: 'a' } }] },
      'rules[0].match.model.flags',
      'i, m, s, u',
    ],
    [
      { rules: [{ match: { inputs: 'a' }, reply: { text: 'a' } }] },
      'rules[0].match.inputs',
      'unknown key',
    ],
    [
      { rules: [{ match: { turn: 0 }, reply: { text: 'a' } }] },
      'rules[0].match.turn',
      'integer >= 1',
    ],
    [
      { rules: [{ match: { turn: { min: 3, max: 2 } }, reply: { text: 'a' } }] },
      'rules[0].match.turn.max',
      '>= min',
    ],
    [
      { rules: [{ match: { functionOutput: { output: { regex: '[' } } }, reply: { text: 'a' } }] },
      'rules[0].match.functionOutput.output.regex',
      'invalid regular expression',
    ],
    [
      { rules: [{ reply: { text: 'a', json: {} } }] },
      'rules[0].reply.json',
      'cannot be combined with text',
    ],
    [
      { rules: [{ reply: { refusal: 'no', functionCalls: [{ name: 'f' }] } }] },
      'rules[0].reply.functionCalls',
      'cannot follow refusal',
    ],
    [{ rules: [{ reply: { reasoning: {} } }] }, 'rules[0].reply', 'at least one of'],
    [
      { rules: [{ reply: { json: {}, phase: 'commentary' } }] },
      'rules[0].reply.phase',
      'needs text',
    ],
    [
      { rules: [{ reply: { text: 'a', phase: 'preamble' } }] },
      'rules[0].reply.phase',
      'commentary, final_answer',
    ],
    [
      { rules: [{ reply: { text: 'Hi {{imput}}' } }] },
      'rules[0].reply.text',
      'unknown placeholder {{imput}}',
    ],
    [
      { rules: [{ reply: { json: { a: [{ b: '{{nope}}' }] } } }] },
      'rules[0].reply.json.a[0].b',
      'unknown placeholder',
    ],
    [
      { rules: [{ reply: { reasoning: { summary: ['ok', 2] }, text: 'a' } }] },
      'rules[0].reply.reasoning.summary[1]',
      'expected a string',
    ],
    [{ rules: [{ reply: { text: 'a' }, times: 0 }] }, 'rules[0].times', 'integer >= 1'],
    [
      { rules: [{ reply: { text: 'a' }, faults: { status: 200 } }] },
      'rules[0].faults.status',
      'from 400 to 599',
    ],
    [
      { rules: [{ reply: { text: 'a' }, faults: { dropAfter: 2 } }] },
      'rules[0].faults.dropAfter',
      'unknown key',
    ],
    [
      { rules: [{ reply: { text: 'a' }, faults: { background: 'later' } }] },
      'rules[0].faults.background',
      'stall, fail',
    ],
    [
      { rules: [{ reply: { text: 'a' }, faults: { failWith: { code: 'x' } } }] },
      'rules[0].faults.failWith.message',
      'expected a string',
    ],
    [{ rules: [], defaults: { unmatched: 'error' } }, 'defaults.unmatched', 'default, fail'],
  ])('reports %j at its path', (value, path, problem) => {
    const error = errorOf(() => parseScript(value));
    expect(error.path).toBe(path);
    expect(error.problem).toContain(problem);
    expect(error.message).toContain(`${path}: `);
  });

  it('leaves rawText alone, placeholders and all', () => {
    expect(
      parseScript({ rules: [{ reply: { rawText: '{"a": {{broken' } }] }).rules[0]?.reply?.rawText,
    ).toBe('{"a": {{broken');
  });
});

describe('loadScript', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weft-script-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads YAML', () => {
    const file = join(dir, 'weather.yaml');
    writeFileSync(
      file,
      [
        'rules:',
        '  - name: weather',
        '    match: { input: weather, hasTools: true }',
        '    reply:',
        '      functionCalls:',
        '        - name: get_weather',
        '          arguments: { city: Paris }',
        '  - match:',
        '      functionOutput: { name: get_weather }',
        '    reply:',
        '      text: "It is {{output}} in Paris."',
        '',
      ].join('\n'),
    );
    const script = loadScript(file);
    expect(script.rules).toHaveLength(2);
    expect(script.rules[0]?.reply?.functionCalls?.[0]).toEqual({
      name: 'get_weather',
      arguments: { city: 'Paris' },
    });
    expect(script.rules[1]?.match?.functionOutput).toEqual({ name: 'get_weather' });
  });

  it('reads JSON and .yml', () => {
    writeFileSync(join(dir, 's.json'), JSON.stringify({ rules: [{ reply: { text: 'hi' } }] }));
    writeFileSync(join(dir, 's.yml'), 'rules: []\n');
    expect(loadScript(join(dir, 's.json')).rules[0]?.reply?.text).toBe('hi');
    expect(loadScript(join(dir, 's.yml'))).toEqual({ rules: [] });
  });

  it('names the file and the path of an invalid rule', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'rules:\n  - reply: { text: hi }\n  - reply:\n      functionCalls:\n        - arguments: {}\n',
    );
    const error = errorOf(() => loadScript(file));
    expect(error.file).toBe(file);
    expect(error.path).toBe('rules[1].reply.functionCalls[0].name');
    expect(error.message).toContain(file);
  });

  it('reports syntax errors, missing files and unknown extensions', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "rules": [');
    writeFileSync(join(dir, 'broken.yaml'), 'rules: [\n');
    expect(errorOf(() => loadScript(join(dir, 'broken.json'))).problem).toContain(
      'cannot parse JSON',
    );
    expect(errorOf(() => loadScript(join(dir, 'broken.yaml'))).problem).toContain(
      'cannot parse YAML',
    );
    expect(errorOf(() => loadScript(join(dir, 'missing.yaml'))).problem).toContain('cannot read');
    expect(errorOf(() => loadScript(join(dir, 'script.txt'))).problem).toContain(
      '.json, .yaml or .yml',
    );
  });
});
