/** Reading scripts from values and files. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Script } from './script.js';
import { ScriptError } from './script-error.js';
import { checkScript } from './validate-script.js';

/**
 * Checks a script given as plain data (parsed JSON/YAML or a TypeScript object).
 *
 * @returns a normalised copy: YAML `null`s are dropped, `reasoning: true` becomes `{}`.
 * @since 0.1.0
 * @throws ScriptError naming the dotted path of the first problem, e.g.
 *   `rules[2].reply.functionCalls[0].name: expected a non-empty string`.
 * @example
 * const script = parseScript({ rules: [{ match: { input: 'hello' }, reply: { text: 'Hi!' } }] });
 */
export function parseScript(value: unknown): Script {
  return checkScript(value);
}

/**
 * Reads and checks a script file: `.json`, `.yaml` or `.yml`.
 *
 * @since 0.1.0
 * @throws ScriptError for an unreadable file, a syntax error or an invalid script; `file` is set.
 * @example
 * const model = createScriptedModel(loadScript('scripts/weather.yaml'));
 */
export function loadScript(path: string): Script {
  const extension = extname(path).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    throw new ScriptError(
      '',
      `expected a .json, .yaml or .yml file, got "${extension || 'no extension'}"`,
      {
        file: path,
      },
    );
  }
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ScriptError('', 'cannot read the file', { file: path, cause });
  }
  let value: unknown;
  try {
    value = extension === '.json' ? JSON.parse(source) : parseYaml(source);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ScriptError('', `cannot parse ${extension.slice(1).toUpperCase()} (${reason})`, {
      file: path,
      cause,
    });
  }
  try {
    return checkScript(value);
  } catch (error) {
    if (error instanceof ScriptError) {
      throw new ScriptError(error.path, error.problem, { file: path });
    }
    throw error;
  }
}
