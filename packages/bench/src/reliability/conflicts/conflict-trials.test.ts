import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceChildCommand } from '../crash/test-support/source-command.js';
import { testContext, type RecordingContext } from '../crash/test-support/test-context.js';
import { conflictTrialsPart } from './conflict-trials.js';

let context: RecordingContext | undefined;
afterEach(() => {
  if (context !== undefined) rmSync(context.workDir, { recursive: true, force: true });
});

describe('conflict trials', () => {
  it(
    'two processes race to append: one winner and one Conflict each time, both turns intact',
    { timeout: 120_000 },
    async () => {
      context = testContext(11);
      const figures = await conflictTrialsPart({ command: sourceChildCommand, trials: 3 }).run(
        context,
      );
      console.log(context.logs.join('\n'));
      expect(context.violations).toEqual([]);
      expect(figures).toEqual({ conflict_trials: 3, conflict_violations: 0 });
    },
  );
});
