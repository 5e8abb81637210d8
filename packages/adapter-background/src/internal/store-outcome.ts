/**
 * The result of a job another worker finished: read back from the store (and the server), so a
 * conversation waiting on it ends exactly as if it had driven the job itself.
 *
 * @module
 */
import {
  Cancelled,
  ResponseFailed,
  ResponseNotFound,
  Timeout,
  type CoreError,
  type Job,
  type ResponseObject,
  type ResponsesClientShape,
  type Turn,
  type TurnStoreShape,
} from '@weft/core';
import { Effect } from 'effect';

/** A Response rebuilt from a stored turn, for when the server no longer has it. */
function fromTurn(turn: Turn, job: Job): ResponseObject {
  return {
    id: job.responseId,
    object: 'response',
    created_at: Math.floor(turn.timings.createdAt / 1000),
    status: turn.status,
    model: typeof turn.request.params.model === 'string' ? turn.request.params.model : '',
    output: [...turn.output],
    usage: turn.usage ?? undefined,
    error:
      turn.status === 'failed'
        ? { code: 'server_error', message: turn.error?.message ?? 'the response failed' }
        : null,
    incomplete_details:
      turn.incompleteReason === null ? null : { reason: turn.incompleteReason as 'max_output_tokens' },
    instructions: null,
    metadata: null,
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    output_text: '',
  } as unknown as ResponseObject;
}

/**
 * What a run ends with when the job is no longer active: the Response for a finished job, or the
 * error the turn recorded (`Cancelled`, `ResponseNotFound`, `Timeout`, `ResponseFailed`).
 */
export function outcomeFromStore(
  client: ResponsesClientShape,
  turns: TurnStoreShape,
  job: Job,
): Effect.Effect<ResponseObject, CoreError> {
  return Effect.gen(function* () {
    const turn = yield* turns.getTurn(job.turnId);
    if (job.status === 'cancelled' || turn.status === 'cancelled') {
      return yield* new Cancelled({ turnId: turn.id, reason: 'the background job was cancelled' });
    }
    const tag = turn.error?.tag;
    if (tag === 'ResponseNotFound') return yield* new ResponseNotFound({ responseId: job.responseId });
    if (tag === 'Timeout') return yield* new Timeout({ timeoutMs: 0, operation: 'background job' });
    if (turn.status === 'failed' && tag !== undefined && tag !== 'ResponseFailed') {
      return yield* new ResponseFailed({
        responseId: job.responseId,
        code: tag,
        detail: turn.error?.message ?? 'the background job failed',
      });
    }
    const retrieved = yield* Effect.option(client.retrieve(job.responseId));
    return retrieved._tag === 'Some' ? retrieved.value : fromTurn(turn, job);
  });
}
