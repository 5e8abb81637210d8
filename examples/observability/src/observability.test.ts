import { expect, it } from 'vitest';
import { runObservability } from './observability.js';

it('prints the span tree, metrics and logs of a conversation with a retry and a tool call', async () => {
  const lines: string[] = [];
  const summary = await runObservability((line) => lines.push(line));
  expect(summary.traces).toBe(1);
  const names = summary.tree.map((l) => l.trimEnd().replace(/ {2}[a-z_.]+=.*$/, ''));
  expect(names).toEqual([
    'weft.send',
    '  weft.turn',
    '    chat scripted-1',
    '  weft.turn',
    '    chat scripted-1',
    '  execute_tool get_weather',
    '  weft.turn',
    '    chat scripted-1',
  ]);
  expect(summary.metrics['weft.turn.retries']).toBe(1);
  expect(summary.metrics['weft.turn.duration']).toBe(3);
  const printed = lines.join('\n');
  expect(printed).toContain('"msg":"turn will be retried"');
  expect(printed).toContain('error.type="ServerError"');
  expect(printed).not.toContain('sk-local-example-key');
});
