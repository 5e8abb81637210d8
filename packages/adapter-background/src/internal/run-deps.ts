/**
 * What one background run works with, and the outcomes shared by its drivers.
 *
 * @module
 */
import type {
  CoreError,
  JobStoreShape,
  JobTelemetry,
  ResponsesClientShape,
  TurnEvent,
  TurnStoreShape,
} from '@weft/core';
import { ResponseNotFound, Timeout } from '@weft/core';
import type { JobOutcome } from './finalize.js';
import type { ResolvedPoll } from './options.js';

/** The services and settings of one background run (strategy or worker). */
export interface RunDeps {
  readonly turnId: string;
  readonly conversationId: string;
  readonly client: ResponsesClientShape;
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: () => number;
  readonly poll: ResolvedPoll;
  /** Whole-job time limit, from the job's creation; undefined = none. */
  readonly maxDurationMs: number | undefined;
  /** Time limit of each HTTP call. */
  readonly callTimeoutMs: number | undefined;
  readonly emit: (event: TurnEvent) => void;
  /** Job spans and the in-flight count: under the turn for a strategy run, roots for a worker. */
  readonly telemetry: JobTelemetry;
}

/** A job outcome plus the error to fail the run with, when it is not a result. */
export type Ended = JobOutcome & { readonly cause?: CoreError | undefined };

/** The outcome of a response the server no longer has. */
export function expiredOutcome(turnId: string, responseId: string): Ended {
  return {
    kind: 'error',
    error: {
      tag: 'ResponseNotFound',
      message: `The server no longer has response ${responseId} of background turn ${turnId} (it expired or was deleted); the output that had arrived is kept as partial output. Send the turn again.`,
    },
    cause: new ResponseNotFound({ responseId }),
  };
}

/** The outcome of a job that ran past `maxDurationMs`. */
export function timedOutOutcome(turnId: string, maxDurationMs: number): Ended {
  const cause = new Timeout({ timeoutMs: maxDurationMs, operation: 'background job' });
  return {
    kind: 'error',
    error: {
      tag: 'Timeout',
      message: `Background turn ${turnId} did not finish within ${maxDurationMs} ms; its response was cancelled and the output that had arrived is kept. Raise maxDurationMs or send the turn again.`,
    },
    cause,
  };
}

/** The outcome of a request the server refused for good. */
export function refusedOutcome(error: CoreError): Ended {
  return { kind: 'error', error: { tag: error._tag, message: error.message }, cause: error };
}
