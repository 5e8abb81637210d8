import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createScriptedModel, parseScript } from './model/index.js';

describe('README', () => {
  it('has a script example the model accepts', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const script = parseScript(parse(yaml ?? ''));
    expect(script.rules).toHaveLength(4);
    expect(() => createScriptedModel(script)).not.toThrow();
  });
});
