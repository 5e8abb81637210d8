/** Where a background job is. */
export type JobStatus = 'active' | 'completed' | 'failed' | 'cancelled' | 'incomplete';

/**
 * A background turn in flight. Lives in the store so any process can resume it after a crash:
 * the response id, the stream cursor, when to poll next, and who holds the lease.
 */
export interface Job {
  readonly id: string;
  readonly turnId: string;
  readonly conversationId: string;
  readonly responseId: string;
  readonly status: JobStatus;
  /** The last `sequence_number` seen, for resuming the stream with `starting_after`. */
  readonly cursor: number | null;
  readonly nextPollAt: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly attempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a store needs to create a job. */
export interface NewJob {
  readonly id: string;
  readonly turnId: string;
  readonly conversationId: string;
  readonly responseId: string;
  readonly nextPollAt: number;
  readonly createdAt: number;
}

/** Fields a job update may change. */
export interface JobPatch {
  readonly status?: JobStatus | undefined;
  readonly cursor?: number | null | undefined;
  readonly nextPollAt?: number | undefined;
  readonly attempts?: number | undefined;
  readonly updatedAt: number;
}
