import { Context, type Effect } from 'effect';
import type { Job, JobPatch, JobStatus, NewJob } from '../domain/job.js';
import type { LeaseLost, NotFound, StorageError } from '../errors.js';

/** What {@link JobStoreShape.finishJob} needs: who finishes which job, when, and how it ended. */
export interface FinishJob {
  readonly jobId: string;
  /** The lease owner finishing the job; it must hold an unexpired lease at `at`. */
  readonly owner: string;
  /** Now: the lease must expire after it; also the job's `updatedAt`. */
  readonly at: number;
  /** The final status. */
  readonly status: Exclude<JobStatus, 'active'>;
  /** The last stream cursor seen, when it changed. */
  readonly cursor?: number | null | undefined;
}

/**
 * What {@link JobStoreShape.checkpointJob} needs: the lease owner's progress on a job it drives.
 * Fields left undefined keep their stored value.
 */
export interface CheckpointJob {
  readonly jobId: string;
  /** The lease owner; it must hold an unexpired lease at `at`. */
  readonly owner: string;
  /** Now: the lease must expire after it; also the job's `updatedAt`. */
  readonly at: number;
  /** The lease is extended to `at + leaseMs` in the same write. */
  readonly leaseMs: number;
  /** The last stream `sequence_number` handled. */
  readonly cursor?: number | null | undefined;
  /** When the job is next due for a poll. */
  readonly nextPollAt?: number | undefined;
}

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
  /**
   * Records a driver's progress (cursor, next poll) and extends its lease in one atomic step, only
   * while `owner` holds an unexpired lease on the active job at `at`. Fails with `LeaseLost`
   * (nothing written) otherwise, so a driver that stalled past its lease cannot move the cursor of
   * a job another worker now drives; `NotFound` for an unknown job. With no cursor or next poll it
   * is a lease check that renews: a fence before writes the store cannot check itself.
   */
  checkpointJob(input: CheckpointJob): Effect.Effect<Job, StorageError | NotFound | LeaseLost>;
  /**
   * Ends an active job and drops its lease in one atomic step, only while `owner` holds an
   * unexpired lease at `at`. Fails with `LeaseLost` (nothing written) when the lease expired, was
   * taken over, or the job had already ended, so a worker that stalled past its lease cannot end a
   * job another worker now drives; `NotFound` for an unknown job.
   */
  finishJob(input: FinishJob): Effect.Effect<Job, StorageError | NotFound | LeaseLost>;
}

/** The `JobStore` service. */
export class JobStore extends Context.Service<JobStore, JobStoreShape>()('@weft/core/JobStore') {}
