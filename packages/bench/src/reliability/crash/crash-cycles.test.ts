import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { crashCyclesPart } from './crash-cycles.js';
import { PAUSE_MS, type CrashCycle } from './crash-plan.js';
import { sourceChildCommand } from './test-support/source-command.js';
import { testContext, type RecordingContext } from './test-support/test-context.js';

let context: RecordingContext | undefined;
afterEach(() => {
  if (context !== undefined) rmSync(context.workDir, { recursive: true, force: true });
});

const inPause = PAUSE_MS / 2;

describe('crash cycles', () => {
  it(
    'turns killed after they completed but before the head moved are stored once, on the head chain',
    { timeout: 180_000 },
    async () => {
      context = testContext(7);
      const plan: CrashCycle[] = [
        {
          index: 0,
          kind: 'background-poll',
          phase: 'head',
          killDelayMs: inPause,
          occurrence: 0,
          database: 0,
        },
        {
          index: 1,
          kind: 'workflow',
          phase: 'head',
          killDelayMs: inPause,
          occurrence: 0,
          database: 0,
        },
      ];
      const figures = await crashCyclesPart({ command: sourceChildCommand, plan }).run(context);
      console.log(context.logs.join('\n'));
      expect(context.violations).toEqual([]);
      expect(figures).toEqual({ crash_cycles: 2, lost_turns: 0, duplicated_turns: 0 });
    },
  );
});
