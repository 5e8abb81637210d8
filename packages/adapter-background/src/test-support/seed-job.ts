/** Seeds stores with background turns whose process went away: a turn, a live response, a job. */
import type { CreateParams, Job, ResponsesClientShape, TurnStoreShape, JobStoreShape } from '@weft/core';
import { Effect } from 'effect';
import { model } from './harness.js';

export interface Seeded {
  readonly conversationId: string;
  readonly turnId: string;
  readonly job: Job;
}

/**
 * A conversation with one background turn in flight, as a crashed process leaves it. With
 * `leasedBy`, the job's lease is held by that owner for `leaseMs` from now.
 */
export function seedJob(
  stores: { readonly turns: TurnStoreShape; readonly jobs: JobStoreShape },
  client: ResponsesClientShape,
  id: string,
  options: {
    readonly prompt?: string;
    readonly leasedBy?: string;
    readonly leaseMs?: number;
    /** More request parameters (reasoning, …) for the response. */
    readonly params?: Partial<CreateParams>;
  } = {},
): Promise<Seeded> {
  const { turns, jobs } = stores;
  return Effect.runPromise(
    Effect.gen(function* () {
      const at = Date.now();
      const conversationId = `conv_${id}`;
      const turnId = `turn_${id}`;
      const input = [{ role: 'user' as const, content: options.prompt ?? `hello from ${id}` }];
      yield* turns.createConversation({ id: conversationId, createdAt: at });
      yield* turns.beginTurn({
        id: turnId,
        conversationId,
        parentId: null,
        request: { input, params: { model } },
        contextStrategy: 'local',
        executionStrategy: 'background',
        createdAt: at,
      });
      const response = yield* client.create({ ...options.params, model, input, background: true, store: true });
      let job = yield* jobs.createJob({
        id: `job_${id}`,
        turnId,
        conversationId,
        responseId: response.id,
        nextPollAt: at,
        createdAt: at,
      });
      yield* turns.recordResponseId(turnId, response.id, at);
      if (options.leasedBy !== undefined) {
        job =
          (yield* jobs.acquireLease({ owner: options.leasedBy, now: at, leaseMs: options.leaseMs ?? 60_000, jobId: job.id })) ??
          job;
      }
      return { conversationId, turnId, job };
    }),
  );
}
