/**
 * The worker's scheduler: one loop over a heap of held jobs ordered by when each next needs a
 * visit (poll or lease renewal), at most `concurrency` visits in flight, and a claim of new jobs
 * from the store every `pollIntervalMs`.
 *
 * @module
 */
import type { Job } from '@weft/core';
import { Deferred, Effect } from 'effect';
import { DueHeap } from './due-heap.js';
import { holdJob, stepJob, type HeldJob, type JobReport, type StepDeps } from './worker-step.js';

/** Settings of the loop. */
export interface LoopSettings {
  readonly deps: StepDeps;
  readonly pollIntervalMs: number;
  readonly concurrency: number;
  readonly maxJobs: number;
  readonly onJobDone: ((report: JobReport) => void) | undefined;
}

/** Counters, for tests and benchmarks. */
export interface WorkerStats {
  /** Jobs held now. */
  readonly held: number;
  /** Visits in flight now. */
  readonly inFlight: number;
  /** Polls (retrieve calls) made so far. */
  readonly polls: number;
  /** Jobs claimed from the store so far. */
  readonly claimed: number;
  /** Jobs finished (or lost) so far. */
  readonly finished: number;
}

interface Waiter {
  readonly pending: Set<string>;
  readonly reports: JobReport[];
  readonly resolve: (reports: readonly JobReport[]) => void;
}

/** The scheduler state; `run` is the loop itthis. */
export class WorkerLoop {
  private readonly heap = new DueHeap<HeldJob>();
  private readonly held = new Map<string, HeldJob>();
  private readonly waiters = new Set<Waiter>();
  private claimWaiters: (() => void)[] = [];
  private wake: Deferred.Deferred<void> | undefined;
  private inFlight = 0;
  private nextClaimAt = 0;
  private claimNow = false;
  private counts = { polls: 0, claimed: 0, finished: 0 };
  private readonly settings: LoopSettings;

  constructor(settings: LoopSettings) {
    this.settings = settings;
  }

  stats(): WorkerStats {
    return { held: this.held.size, inFlight: this.inFlight, ...this.counts };
  }

  /** Claims at the next turn of the loop; resolves once that claim is done. */
  requestClaim(): Promise<void> {
    return new Promise((resolve) => {
      this.claimWaiters.push(resolve);
      this.claimNow = true;
      this.wakeUp();
    });
  }

  /** Resolves when every job held now has been finished (or lost), with their reports. */
  whenHeldDone(): Promise<readonly JobReport[]> {
    if (this.held.size === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.waiters.add({ pending: new Set(this.held.keys()), reports: [], resolve });
    });
  }

  /** Forgets every held job and returns them, so their leases can be released. */
  drop(): Job[] {
    const jobs = [...this.held.values()].map((h) => h.job);
    for (const job of jobs) this.settings.deps.telemetry.done(job.id);
    this.held.clear();
    this.heap.clear();
    for (const waiter of this.waiters) waiter.resolve(waiter.reports);
    this.waiters.clear();
    for (const resolve of this.claimWaiters.splice(0)) resolve();
    return jobs;
  }

  /** The loop: never ends by itself; interrupting it interrupts the visits in flight. */
  run(): Effect.Effect<never> {
    const { deps, concurrency } = this.settings;
    return Effect.gen({ self: this }, function* () {
      for (;;) {
        let now = deps.now();
        if (this.claimNow || now >= this.nextClaimAt) {
          this.claimNow = false;
          const waiting = this.claimWaiters.splice(0);
          yield* this.claim(now);
          now = deps.now();
          this.nextClaimAt = now + this.settings.pollIntervalMs;
          for (const resolve of waiting) resolve();
        }
        for (;;) {
          if (this.inFlight >= concurrency) break;
          const top = this.heap.peek();
          if (top === undefined || top.dueAt > now) break;
          this.heap.pop();
          this.inFlight += 1;
          yield* Effect.forkChild(this.visit(top));
        }
        const top = this.heap.peek();
        const nextDue =
          this.inFlight < concurrency && top !== undefined
            ? Math.min(top.dueAt, this.nextClaimAt)
            : this.nextClaimAt;
        const wake = Deferred.makeUnsafe<void>();
        this.wake = wake;
        if (this.claimNow) continue;
        const waitMs = nextDue - deps.now();
        if (waitMs > 0) yield* Effect.raceFirst(Effect.sleep(waitMs), Deferred.await(wake));
        else yield* Effect.yieldNow;
      }
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake !== undefined) Deferred.doneUnsafe(wake, Effect.void);
  }

  private claim(now: number): Effect.Effect<void> {
    const { deps, maxJobs } = this.settings;
    return Effect.gen({ self: this }, function* () {
      while (this.held.size < maxJobs) {
        const job = yield* Effect.orElseSucceed(
          deps.jobs.acquireLease({ owner: deps.owner, now, leaseMs: deps.leaseMs }),
          () => undefined,
        );
        if (job === undefined) return;
        const known = this.held.get(job.id);
        if (known !== undefined) {
          known.leaseExpiresAt = job.leaseExpiresAt ?? now + deps.leaseMs;
          continue;
        }
        const held = holdJob(job, now, deps.leaseMs);
        this.held.set(job.id, held);
        deps.telemetry.inFlight.hold(job.id);
        this.heap.push(held);
        this.counts.claimed += 1;
      }
    });
  }

  private visit(held: HeldJob): Effect.Effect<void> {
    const { deps } = this.settings;
    return Effect.gen({ self: this }, function* () {
      const polledBefore = held.nextPollAt <= deps.now();
      const result = yield* Effect.result(stepJob(deps, held));
      if (polledBefore) this.counts.polls += 1;
      if (!this.held.has(held.job.id)) return;
      if (result._tag === 'Failure') {
        // A store hiccup: try this job again after the first back-off step.
        held.dueAt = deps.now() + deps.poll.initialMs;
        this.heap.push(held);
        return;
      }
      const report = result.success;
      if (report === undefined) {
        this.heap.push(held);
        return;
      }
      this.finish(report);
    }).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          this.inFlight -= 1;
          this.wakeUp();
        }),
      ),
    );
  }

  private finish(report: JobReport): void {
    this.held.delete(report.jobId);
    this.settings.deps.telemetry.done(report.jobId);
    this.counts.finished += 1;
    this.settings.onJobDone?.(report);
    for (const waiter of this.waiters) {
      if (!waiter.pending.delete(report.jobId)) continue;
      waiter.reports.push(report);
      if (waiter.pending.size === 0) {
        this.waiters.delete(waiter);
        waiter.resolve(waiter.reports);
      }
    }
  }
}
