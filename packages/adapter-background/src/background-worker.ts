/**
 * The background worker: takes over unfinished jobs from the store and drives them to the end.
 *
 * @module
 */
import {
  JobTelemetry,
  resolveTelemetry,
  type ClockShape,
  type JobStoreShape,
  type ResponsesClientShape,
  type Telemetry,
  type TelemetryOptions,
  type TurnStoreShape,
} from '@weft/core';
import { Effect, Fiber } from 'effect';
import { defaultLeaseMs, defaultOwner, resolvePoll, type PollOptions } from './internal/options.js';
import { WorkerLoop, type WorkerStats } from './internal/worker-loop.js';
import type { JobReport } from './internal/worker-step.js';

/** Options of {@link createBackgroundWorker}. */
export interface BackgroundWorkerOptions {
  /** The Responses API (`createOpenAIResponsesClient` from `@weft/core`). */
  readonly client: ResponsesClientShape;
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  /** The lease owner name (default: unique per process and worker). */
  readonly owner?: string | undefined;
  /** How long a lease lasts; renewed every third of it while the job is driven (default 30 s). */
  readonly leaseMs?: number | undefined;
  /** How often to look in the store for jobs to take over (default 1000 ms). */
  readonly pollIntervalMs?: number | undefined;
  /** Poll back-off per job (default 250 ms × 1.5 up to 5 s; reset when output arrives). */
  readonly poll?: PollOptions | undefined;
  /** Most polls in flight at once (default 32). */
  readonly concurrency?: number | undefined;
  /** Most jobs held at once (default 100,000). */
  readonly maxJobs?: number | undefined;
  /** Longest a job may run from its creation before it is cancelled and failed with `Timeout` (default: none). */
  readonly maxDurationMs?: number | undefined;
  /** Time limit of each HTTP call (default: the client's). */
  readonly callTimeoutMs?: number | undefined;
  /** Time for leases, schedules and stored timestamps; must advance in real time (default: system clock). */
  readonly clock?: ClockShape | undefined;
  /** Called once per job the worker stops driving (finished, cancelled, failed or lost). */
  readonly onJobDone?: ((report: JobReport) => void) | undefined;
  /**
   * Where the worker's spans (`weft.job.resume`, `weft.job.poll`, and its Responses calls under
   * them) and `weft.jobs.in_flight` go: telemetry options, or a Weft's resolved `weft.telemetry`.
   * Default: the global tracer and meter (no-ops without an OpenTelemetry SDK).
   */
  readonly telemetry?: TelemetryOptions | Telemetry | undefined;
}

const isResolved = (telemetry: TelemetryOptions | Telemetry): telemetry is Telemetry =>
  'instruments' in telemetry;

/** A running (or idle) background worker. */
export interface BackgroundWorker {
  /** The lease owner name this worker uses. */
  readonly owner: string;
  /** Starts claiming jobs every `pollIntervalMs` and driving them. Idempotent. */
  start(): void;
  /**
   * Takes over every unfinished job it can lease now (unleased, or whose lease expired), drives
   * each to the end, and resolves with one report per job. Starts the worker if needed; it keeps
   * running afterwards until {@link BackgroundWorker.stop}.
   */
  resumeJobs(): Promise<readonly JobReport[]>;
  /** Stops driving and releases every lease it holds, so another worker can take over at once. */
  stop(): Promise<void>;
  /** Counters: jobs held, polls in flight, polls made, jobs claimed and finished. */
  stats(): WorkerStats;
}

/**
 * Creates a worker that resumes background jobs from the store: after a crash (SIGKILL included)
 * the next process's worker finishes every turn that was in flight and stores it once.
 *
 * **Details**
 * - Claims jobs whose lease is free or expired, at start and every `pollIntervalMs`; at most one
 *   owner holds a job's lease at a time, in any process sharing the store.
 * - One loop schedules every held job by when it next needs a visit (poll or renewal); polls run
 *   at most `concurrency` at a time. Thousands of jobs cost one timer, not one sleeping task each.
 * - A job whose response ended: the turn is completed (unless already), the head moved with
 *   compare-and-swap when it is still on the turn's parent (otherwise the turn stays a branch and
 *   the report says `head: 'branch'`), the job gets its final status, the lease is released.
 * - A job cancelled in the store is dropped (its turn recorded cancelled if still open); a job
 *   whose lease was taken over is dropped with status `lost`.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const store = openSqliteStore({ path: 'weft.db' });
 * const client = createOpenAIResponsesClient({ baseURL: server.baseURL, apiKey: 'local' });
 * const worker = createBackgroundWorker({ client, turns: store.turns, jobs: store.jobs });
 * const reports = await worker.resumeJobs();
 * await worker.stop();
 * ```
 */
export function createBackgroundWorker(options: BackgroundWorkerOptions): BackgroundWorker {
  const owner = options.owner ?? defaultOwner();
  const leaseMs = Math.max(1, options.leaseMs ?? defaultLeaseMs);
  const clock = options.clock;
  const now = clock === undefined ? () => Date.now() : () => clock.now();
  const given = options.telemetry;
  const telemetry = given !== undefined && isResolved(given) ? given : resolveTelemetry(given);
  const loop = new WorkerLoop({
    deps: {
      client: options.client,
      turns: options.turns,
      jobs: options.jobs,
      owner,
      leaseMs,
      now,
      poll: resolvePoll(options.poll),
      maxDurationMs: options.maxDurationMs,
      callTimeoutMs: options.callTimeoutMs,
      telemetry: JobTelemetry.forWorker(telemetry, options.client),
    },
    pollIntervalMs: Math.max(1, options.pollIntervalMs ?? 1000),
    concurrency: Math.max(1, options.concurrency ?? 32),
    maxJobs: Math.max(1, options.maxJobs ?? 100_000),
    onJobDone: options.onJobDone,
  });
  let fiber: Fiber.Fiber<never> | undefined;

  const start = (): void => {
    if (fiber === undefined) fiber = Effect.runFork(loop.run());
  };

  return {
    owner,
    start,
    resumeJobs: async () => {
      start();
      await loop.requestClaim();
      return loop.whenHeldDone();
    },
    stop: async () => {
      const running = fiber;
      fiber = undefined;
      if (running !== undefined) await Effect.runPromise(Fiber.interrupt(running));
      const at = now();
      await Effect.runPromise(
        Effect.forEach(loop.drop(), (job) => Effect.ignore(options.jobs.releaseLease(job.id, owner, at)), {
          discard: true,
        }),
      );
    },
    stats: () => loop.stats(),
  };
}
