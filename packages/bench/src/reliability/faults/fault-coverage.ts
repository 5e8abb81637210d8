import type { FaultSpec } from '@weft/local-server';
import type { FaultCase } from './fault-cases.js';

/**
 * Every field of the local server's `FaultSpec`. Typed as a record over its keys, so a field added
 * to the server fails to compile here until it is listed (and then tried by some case).
 */
const faultFields: Record<keyof FaultSpec, true> = {
  status: true,
  retryAfterSeconds: true,
  times: true,
  delayFirstMs: true,
  delayBetweenMs: true,
  dropAfterEvents: true,
  malformedAt: true,
  truncateBody: true,
  forgetPrevious: true,
  background: true,
  unsupportedRoute: true,
  dataFirst: true,
  omitSequenceNumber: true,
  reuseCallIds: true,
  failWith: true,
};

/** The `FaultSpec` fields no case uses (should be none). */
export function untriedFaultFields(cases: readonly FaultCase[]): string[] {
  const used = new Set(cases.flatMap((c) => Object.keys(c.spec ?? {})));
  return Object.keys(faultFields).filter((field) => !used.has(field));
}
