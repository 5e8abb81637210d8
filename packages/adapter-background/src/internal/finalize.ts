/**
 * Ends a background job: the terminal event, the turn's result (once), the head move with
 * compare-and-swap, the job's final status and the lease. Every step can be repeated after a crash
 * without changing the outcome, so a job is safe to finish twice. Only the lease holder finishes:
 * a driver that lost its lease (it stalled past it) writes nothing and fails with `LeaseLost`.
 *
 * @module
 */
import {
  LeaseLost,
  terminalEvent,
  type Job,
  type JobStatus,
  type JobStoreShape,
  type ResponseObject,
  type StoreError,
  type Turn,
  type TurnError,
  type TurnEvent,
  type TurnResult,
  type TurnStoreShape,
} from '@weft/core';
import { Effect } from 'effect';
import type { EventLog } from './event-log.js';

/** How a job ended. */
export type JobOutcome =
  /** The server reached a terminal status (completed, incomplete, failed or cancelled). */
  | { readonly kind: 'response'; readonly response: ResponseObject }
  /** The job could not be finished: expired response, time limit, refused request. */
  | { readonly kind: 'error'; readonly error: TurnError }
  /** Cancelled through the job store or the caller. */
  | { readonly kind: 'cancelled'; readonly reason: string };

/** What happened to the conversation head when a job finished. */
export type HeadMove =
  /** The head was on the turn's parent and now points at the turn. */
  | 'moved'
  /** The head already pointed at the turn. */
  | 'already'
  /** The head had moved elsewhere: the turn is kept as a branch. */
  | 'branch'
  /** The head is not moved for failed, cancelled or expired jobs. */
  | 'unchanged';

/** The result of {@link finalizeJob}. */
export interface Finalized {
  readonly turn: Turn;
  readonly head: HeadMove;
  readonly jobStatus: JobStatus;
}

/** The services finalizing needs. */
export interface FinalizeDeps {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: () => number;
}

const open = (turn: Turn): boolean => turn.status === 'pending' || turn.status === 'in_progress';

/** The job status an outcome ends in. */
export function jobStatusOf(outcome: JobOutcome): Exclude<JobStatus, 'active'> {
  if (outcome.kind === 'error') return 'failed';
  if (outcome.kind === 'cancelled') return 'cancelled';
  switch (outcome.response.status) {
    case 'incomplete':
      return 'incomplete';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'completed';
  }
}

function terminalFor(turnId: string, job: Job, outcome: JobOutcome): TurnEvent {
  if (outcome.kind === 'cancelled') {
    return { type: 'cancelled', turnId, responseId: job.responseId };
  }
  if (outcome.kind === 'error') {
    return { type: 'failed', turnId, response: null, code: outcome.error.tag, message: outcome.error.message };
  }
  return (
    terminalEvent(turnId, outcome.response) ?? {
      type: 'failed',
      turnId,
      response: outcome.response,
      code: undefined,
      message: `response ${outcome.response.id} ended with status ${outcome.response.status ?? 'unknown'}`,
    }
  );
}

const branchNote = (turnId: string): TurnError => ({
  tag: 'HeadMoved',
  message: `The conversation head moved on while turn ${turnId} ran in the background; the turn is kept as a branch. Fork from it to continue there.`,
});

/** The turn result for an outcome; mirrors how the conversation engine records a finished turn. */
export function turnResultFor(
  turn: Turn,
  job: Job,
  outcome: JobOutcome,
  at: number,
  note: TurnError | null,
): TurnResult {
  if (outcome.kind !== 'response') {
    return {
      status: outcome.kind === 'cancelled' ? 'cancelled' : 'failed',
      responseId: job.responseId,
      output: turn.output,
      usage: null,
      completedAt: at,
      error:
        outcome.kind === 'error'
          ? outcome.error
          : { tag: 'Cancelled', message: `Turn ${turn.id} was cancelled (${outcome.reason}).` },
      partial: turn.output.length > 0,
    };
  }
  const response = outcome.response;
  if (response.status === 'cancelled') {
    return {
      status: 'cancelled',
      responseId: response.id,
      output: response.output,
      usage: null,
      completedAt: at,
      error: { tag: 'Cancelled', message: `Turn ${turn.id} was cancelled (the response was cancelled on the server).` },
      partial: response.output.length > 0,
    };
  }
  const status =
    response.status === 'incomplete' ? 'incomplete' : response.status === 'failed' ? 'failed' : 'completed';
  const error: TurnError | null =
    status === 'failed'
      ? {
          tag: 'ResponseFailed',
          message: `Response ${response.id} failed${response.error?.code ? ` (${response.error.code})` : ''}: ${response.error?.message ?? 'no detail'}.`,
        }
      : note;
  return {
    status,
    responseId: response.id,
    output: response.output,
    usage: response.usage ?? null,
    completedAt: at,
    error,
    incompleteReason: response.incomplete_details?.reason ?? null,
  };
}

/** Fails with `LeaseLost` unless `owner` still holds the job's lease; renews it when held. */
function fence(deps: FinalizeDeps, job: Job): Effect.Effect<void, StoreError | LeaseLost> {
  const { jobs, owner, now, leaseMs } = deps;
  return Effect.gen(function* () {
    if (yield* jobs.renewLease(job.id, owner, now(), leaseMs)) return;
    const stored = yield* jobs.getJob(job.id);
    return yield* new LeaseLost({ jobId: job.id, owner, holder: stored.leaseOwner, jobStatus: stored.status });
  });
}

/**
 * Finishes `job` with `outcome`, first checking that this driver still holds the lease (renewing it,
 * so the writes fit inside it): logs the terminal event, completes the turn if it is still open (so
 * it is completed once), moves the head to the turn when it answered (completed or incomplete) and
 * the head is still on the turn's parent, then ends the job with the lease-checked `finishJob`.
 * A job already ended in the store (cancelled there) only has its lease released.
 *
 * @throws LeaseLost — another driver holds the job now; it finishes the job, this one must stop
 */
export function finalizeJob(
  deps: FinalizeDeps,
  job: Job,
  reached: JobOutcome,
  log: EventLog,
): Effect.Effect<Finalized, StoreError | LeaseLost> {
  const { turns, jobs, now, owner } = deps;
  return Effect.gen(function* () {
    yield* fence(deps, job);
    let turn = yield* turns.getTurn(job.turnId);
    // A turn the caller cancelled stays cancelled, whatever the server reached meanwhile.
    const outcome: JobOutcome =
      turn.status === 'cancelled' ? { kind: 'cancelled', reason: 'cancelled by the caller' } : reached;
    log.record(terminalFor(job.turnId, job, outcome));
    yield* log.flush();
    // Only an answer moves the head: a failed or cancelled response stays in the tree, off the path.
    const wantsHead =
      outcome.kind === 'response' &&
      outcome.response.status !== 'cancelled' &&
      outcome.response.status !== 'failed';
    let head: HeadMove = 'unchanged';
    if (wantsHead) {
      const conversation = yield* turns.getConversation(turn.conversationId);
      if (conversation.headTurnId === turn.id) head = 'already';
      else if (conversation.headTurnId !== turn.parentId) head = 'branch';
      const completing = open(turn);
      if (completing) {
        turn = yield* turns.completeTurn(
          turn.id,
          turnResultFor(turn, job, outcome, now(), head === 'branch' ? branchNote(turn.id) : null),
        );
      }
      if (head === 'unchanged') {
        head = yield* turns.setHead(conversation.id, conversation.version, turn.id, now()).pipe(
          Effect.as<HeadMove>('moved'),
          Effect.catchTag('Conflict', () =>
            Effect.map(turns.getConversation(conversation.id), (current): HeadMove =>
              current.headTurnId === turn.id ? 'already' : 'branch',
            ),
          ),
        );
        if (head === 'branch' && completing) {
          turn = yield* turns.completeTurn(turn.id, turnResultFor(turn, job, outcome, now(), branchNote(turn.id)));
        }
      }
    } else if (open(turn)) {
      turn = yield* turns.completeTurn(turn.id, turnResultFor(turn, job, outcome, now(), null));
    }
    const jobStatus = jobStatusOf(outcome);
    yield* jobs.finishJob({ jobId: job.id, owner, at: now(), status: jobStatus }).pipe(
      Effect.catchTag('LeaseLost', (lost): Effect.Effect<void, StoreError | LeaseLost> =>
        // Ended in the store while this driver held it (a cancel): the lease is all that is left.
        lost.jobStatus !== 'active' && lost.holder === owner
          ? jobs.releaseLease(job.id, owner, now())
          : Effect.fail(lost),
      ),
    );
    return { turn, head, jobStatus };
  });
}
