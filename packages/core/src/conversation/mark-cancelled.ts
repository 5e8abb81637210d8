/**
 * The machine's `markCancelled` actor: a cancelled turn is recorded as such.
 *
 * @module
 */
import { Effect } from 'effect';
import type { MarkCancelledInput } from '../machine/machine-types.js';
import type { EngineServices } from './engine.js';

/**
 * Records a cancelled turn as such, keeping whatever output had arrived; a background response is
 * cancelled on the server and its job marked cancelled.
 */
export function markTurnCancelled(
  services: EngineServices,
  input: MarkCancelledInput,
): Effect.Effect<void, unknown> {
  const { turns, clock } = services;
  const turnId = input.turnId;
  if (turnId === null) return Effect.void;
  return Effect.gen(function* () {
    const turn = yield* turns.getTurn(turnId);
    if (turn.status !== 'pending' && turn.status !== 'in_progress') return;
    yield* turns.completeTurn(turnId, {
      status: 'cancelled',
      responseId: turn.responseId,
      output: turn.output,
      usage: null,
      completedAt: clock.now(),
      error: { tag: 'Cancelled', message: `Turn ${turnId} was cancelled (${input.reason}).` },
      partial: turn.output.length > 0,
    });
    if (turn.responseId !== null && turn.executionStrategy === 'background') {
      yield* Effect.ignore(services.client.cancel(turn.responseId));
      const jobs = services.jobs;
      if (jobs !== undefined) {
        const job = yield* Effect.orElseSucceed(jobs.findJobByTurn(turnId), () => undefined);
        if (job !== undefined && job.status === 'active') {
          yield* Effect.ignore(
            jobs.updateJob(job.id, { status: 'cancelled', updatedAt: clock.now() }),
          );
        }
      }
    }
  });
}
