import { conflictTrials } from './conflicts/conflict-trials.js';
import type { ReliabilityPart } from './contract.js';
import { crashCycles } from './crash/crash-cycles.js';
import { faultsPart } from './faults/faults-part.js';
import { fuzzPart } from './fuzz/fuzz-part.js';

/** Every part of the reliability suite, in run order. Add new ones here. */
export const reliabilityParts: readonly ReliabilityPart[] = [
  crashCycles,
  faultsPart,
  fuzzPart,
  conflictTrials,
];
