import type { ReliabilityPart } from './contract.js';

/** Every part of the reliability suite, in run order. Add new ones here. */
export const reliabilityParts: readonly ReliabilityPart[] = [];
