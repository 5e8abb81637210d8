/**
 * Entry points of the child processes the reliability suite starts (and kills). The suite's own
 * entry (`dist/reliability.js`) runs `childMains[name](arg)` when started as
 * `node dist/reliability.js --child <name> <arg>`, so children run the same built code as the suite.
 */
export const childMains: Readonly<Record<string, (arg: string) => Promise<void>>> = {};
