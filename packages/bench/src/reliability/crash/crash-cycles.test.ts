import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { crashCyclesPart } from './crash-cycles.js';
import { sourceChildCommand } from './test-support/source-command.js';
import { testContext, type RecordingContext } from './test-support/test-context.js';

let context: RecordingContext | undefined;
afterEach(() => {
  if (context !== undefined) rmSync(context.workDir, { recursive: true, force: true });
});

describe('crash cycles', () => {
  it(
    'kills children mid-turn, resumes them in new processes, and finds every send stored once',
    { timeout: 120_000 },
    async () => {
      context = testContext(Number(process.env['CRASH_SEED'] ?? 7));
      const part = crashCyclesPart({
        command: sourceChildCommand,
        cycles: Number(process.env['CRASH_CYCLES'] ?? 2),
      });
      const figures = await part.run(context);
      console.log(context.logs.join('\n'));
      expect(context.violations).toEqual([]);
      expect(figures).toEqual({ crash_cycles: 2, lost_turns: 0, duplicated_turns: 0 });
    },
  );
});
