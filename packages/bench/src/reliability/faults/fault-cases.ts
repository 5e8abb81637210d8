import type { FaultSpec } from '@weft/local-server';

/** Something the run does to the turn while it is in flight, besides the server's fault. */
export type FaultAction =
  /** Cancel the send once its turn has started. */
  | 'cancel'
  /** Delete the turn's response on the server once it has an id (as if it expired). */
  | 'delete-response';

/** One local-server fault, tried under every execution strategy. */
export interface FaultCase {
  readonly name: string;
  /** Pushed for the faulted send's requests; absent when only an action breaks the turn. */
  readonly spec?: FaultSpec | undefined;
  readonly action?: FaultAction | undefined;
  /** Client time limit per call for this case (default: the part's). */
  readonly clientTimeoutMs?: number | undefined;
}

/**
 * Every fault the local server supports, alone or in the combinations that make sense (a status
 * that recovers after one retry and one that outlasts the retries; a drop before any event and
 * mid-stream; every background ending). `fault-coverage.ts` checks that every `FaultSpec` field
 * appears in some case.
 */
export const faultCases: readonly FaultCase[] = [
  { name: '429-once', spec: { status: 429, retryAfterSeconds: 0, times: 1 } },
  { name: '429-always', spec: { status: 429, retryAfterSeconds: 0, times: 10 } },
  { name: '500-once', spec: { status: 500, times: 1 } },
  { name: '500-always', spec: { status: 500, times: 10 } },
  { name: '503-retry-after', spec: { status: 503, retryAfterSeconds: 1, times: 1 } },
  { name: '400', spec: { status: 400 } },
  { name: '401', spec: { status: 401 } },
  { name: '403', spec: { status: 403 } },
  { name: '404', spec: { status: 404 } },
  { name: '409', spec: { status: 409 } },
  { name: '422', spec: { status: 422 } },
  { name: 'drop-before-events', spec: { dropAfterEvents: 0 } },
  { name: 'drop-mid-stream', spec: { dropAfterEvents: 3 } },
  { name: 'stall-before-headers', spec: { delayFirstMs: 3000 }, clientTimeoutMs: 1000 },
  { name: 'slow-first-byte', spec: { delayFirstMs: 150 } },
  { name: 'slow-stream', spec: { delayBetweenMs: 15 } },
  { name: 'malformed-frame', spec: { malformedAt: 2 } },
  { name: 'truncated-body', spec: { truncateBody: true } },
  { name: 'forget-previous', spec: { forgetPrevious: true } },
  { name: 'unsupported-route', spec: { unsupportedRoute: true } },
  { name: 'data-first-frames', spec: { dataFirst: true } },
  { name: 'no-sequence-numbers', spec: { omitSequenceNumber: true } },
  { name: 'reused-call-ids', spec: { reuseCallIds: true } },
  {
    name: 'fail-with',
    spec: { failWith: { code: 'server_error', message: 'The model crashed.' } },
  },
  { name: 'background-fail', spec: { background: 'fail' } },
  { name: 'background-incomplete', spec: { background: 'incomplete' } },
  { name: 'background-slow', spec: { background: 'slow', delayBetweenMs: 20 } },
  { name: 'background-stall', spec: { background: 'stall' } },
  { name: 'cancelled', spec: { background: 'stall', delayFirstMs: 400 }, action: 'cancel' },
  { name: 'expired', spec: { background: 'stall' }, action: 'delete-response' },
];
