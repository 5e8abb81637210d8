/**
 * Entry points of the child processes the reliability suite starts (and kills). The suite's own
 * entry (`dist/reliability.js`) runs `childMains[name](arg)` when started as
 * `node dist/reliability.js --child <name> <arg>`, so children run the same built code as the suite.
 */
import { CONFLICT_APPENDER, conflictAppenderMain } from './conflicts/conflict-child.js';
import { crashStartMain } from './crash/crash-child.js';
import { CRASH_RESUME, CRASH_START } from './crash/crash-weft.js';
import { crashResumeMain } from './crash/resume-child.js';

export const childMains: Readonly<Record<string, (arg: string) => Promise<void>>> = {
  [CRASH_START]: crashStartMain,
  [CRASH_RESUME]: crashResumeMain,
  [CONFLICT_APPENDER]: conflictAppenderMain,
};
