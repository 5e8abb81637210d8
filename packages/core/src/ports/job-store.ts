import { Context, type Effect } from 'effect';
import type { Job, JobPatch, JobStatus, NewJob } from '../domain/job.js';
import type { NotFound, StorageError } from '../errors.js';

/**
 * Durable background jobs. A job is written before anything else happens to a background response
 * (the write-ahead rule), and any process can take over an expired lease to resume it.
 */
export interface JobStoreShape {
  createJob(job: NewJob): Effect.Effect<Job, StorageError>;
  getJob(id: string): Effect.Effect<Job, StorageError | NotFound>;
  findJobByTurn(turnId: string): Effect.Effect<Job | undefined, StorageError>;
  updateJob(id: string, patch: JobPatch): Effect.Effect<Job, StorageError | NotFound>;
  listJobs(filter?: {
    readonly status?: JobStatus | undefined;
    readonly limit?: number | undefined;
  }): Effect.Effect<readonly Job[], StorageError>;
  /**
   * Takes the lease of one active job that is due (`nextPollAt <= now`) and unleased or whose lease
   * expired; with `jobId`, only that job. At most one owner holds a job's lease at a time.
   */
  acquireLease(input: {
    readonly owner: string;
    readonly now: number;
    readonly leaseMs: number;
    readonly jobId?: string | undefined;
  }): Effect.Effect<Job | undefined, StorageError>;
  /** Extends a lease the owner still holds; false when it was lost. */
  renewLease(
    jobId: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): Effect.Effect<boolean, StorageError>;
  releaseLease(jobId: string, owner: string, at: number): Effect.Effect<void, StorageError>;
}

/** The `JobStore` service. */
export class JobStore extends Context.Service<JobStore, JobStoreShape>()('@weft/core/JobStore') {}
