import { expect, it } from 'vitest';
import { runObservability } from './observability.js';

it('prints the span trees, metrics and logs of a conversation with a retry and a tool call, and of a background turn', async () => {
  const lines: string[] = [];
  const summary = await runObservability((line) => lines.push(line));
  expect(summary.traces).toBe(2);
  const names = summary.tree.map((l) => l.trimEnd().replace(/ {2}[a-z_.]+=.*$/, ''));
  const second = names.lastIndexOf('weft.send');
  expect(names.slice(0, second)).toEqual([
    'weft.send',
    '  weft.turn',
    '    chat scripted-1',
    '  weft.turn',
    '    chat scripted-1',
    '  execute_tool get_weather',
    '  weft.turn',
    '    chat scripted-1',
  ]);
  // The background turn: the create call, then one span per poll with its retrieve call.
  const background = names.slice(second);
  expect(background.slice(0, 3)).toEqual(['weft.send', '  weft.turn', '    chat scripted-1']);
  const polls = background.slice(3);
  expect(polls.length).toBeGreaterThanOrEqual(2);
  polls.forEach((line, i) =>
    expect(line).toBe(i % 2 === 0 ? '    weft.job.poll' : '      weft.responses.retrieve'),
  );
  expect(summary.tree.at(-2)).toContain('weft.job.status_seen="completed"');
  expect(summary.jobsInFlightDuring).toBe(1);
  expect(summary.metrics['weft.jobs.in_flight']).toBe(0);
  expect(summary.metrics['weft.turn.retries']).toBe(1);
  expect(summary.metrics['weft.turn.duration']).toBe(4);
  const printed = lines.join('\n');
  expect(printed).toContain('"msg":"turn will be retried"');
  expect(printed).toContain('error.type="ServerError"');
  expect(printed).toContain('metric weft.jobs.in_flight = 1 (while the background turn runs)');
  expect(printed).not.toContain('sk-local-example-key');
});
