/**
 * Traces and the in-flight count of background jobs: a `weft.job.poll` span per poll, a
 * `weft.job.resume` span per stream re-open or lease takeover, and `weft.jobs.in_flight`. A job
 * driven inside its turn hangs under the turn span; a job a worker resumes makes root spans that
 * carry the stored turn and conversation ids (and link to the worker's resume span).
 *
 * @module
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Attributes,
  type Context as OtelContext,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { Effect } from 'effect';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import { Attr } from './attributes.js';
import { endSpanWith, recordFailure } from './span-effect.js';
import { resolveTelemetry, type Telemetry } from './telemetry.js';
import { instrumentResponsesClient, tracedClientOrigin } from './traced-client.js';

/** Who drives a job: a strategy run inside its turn, or a background worker. */
export type JobDriver = 'strategy' | 'worker';

/** Why a job's driving (re)started somewhere other than at its creation. */
export type JobResumeReason =
  /** The event stream dropped and was re-opened after the stored cursor. */
  | 'stream_dropped'
  /** A turn that already had a job was run again (a conversation reopened after a restart). */
  | 'reopened'
  /** The job's lease lapsed while another owner held it, and this run took it over. */
  | 'lease_expired'
  /** A worker claimed the job (`resumeJobs`, or its periodic claim) after a restart, stop or lapsed lease. */
  | 'worker_claim';

/** The job a span is about. */
export interface JobSubject {
  readonly jobId: string;
  readonly responseId: string;
  readonly turnId: string;
  readonly conversationId: string;
}

/** What one poll saw, as its span records it. */
export interface PollSeen {
  /** The response's status, or `expired` / `unreachable` when the poll got no Response. */
  readonly status: string;
  readonly progressed?: boolean | undefined;
  /** The wait before the next poll; absent when the job ended. */
  readonly nextDelayMs?: number | undefined;
  /** The typed error the poll met (a transient failure, a refusal, a vanished response). */
  readonly error?: unknown;
}

/**
 * Counts the jobs one driver holds in `weft.jobs.in_flight`: +1 when it starts driving a job, −1
 * when it stops (the job ended, its lease was lost, or the driver stopped). Each job counts once
 * per driver, however often it is held or released, so takeovers keep the sum right.
 */
export class JobsInFlight {
  private readonly held = new Set<string>();
  private readonly attributes: Attributes;

  constructor(
    private readonly telemetry: Telemetry,
    driver: JobDriver,
  ) {
    this.attributes = { [Attr.jobDriver]: driver };
  }

  /** Starts counting `jobId`; nothing when it is counted already. */
  hold(jobId: string): void {
    if (this.held.has(jobId)) return;
    this.held.add(jobId);
    this.telemetry.instruments.jobsInFlight.add(1, this.attributes);
  }

  /** Stops counting `jobId`; nothing when it is not counted. */
  release(jobId: string): void {
    if (!this.held.delete(jobId)) return;
    this.telemetry.instruments.jobsInFlight.add(-1, this.attributes);
  }

  /** Stops counting every job. */
  releaseAll(): void {
    for (const jobId of [...this.held]) this.release(jobId);
  }

  /** How many jobs are counted now. */
  get size(): number {
    return this.held.size;
  }
}

const subjectAttributes = (subject: JobSubject): Attributes => ({
  [Attr.jobId]: subject.jobId,
  [Attr.responseId]: subject.responseId,
  [Attr.turnId]: subject.turnId,
  [Attr.conversationId]: subject.conversationId,
});

/**
 * The spans and in-flight count of the jobs one driver works on: a background strategy run (under
 * its turn span) or a background worker (root spans).
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const jobs = JobTelemetry.forTurn(context.client);
 * const response = yield* jobs.poll(subject, 0, context.client, (client) => client.retrieve(id), (r) => ({ status: r.status ?? 'unknown' }));
 * ```
 */
export class JobTelemetry {
  /** The jobs this driver counts in `weft.jobs.in_flight`. */
  readonly inFlight: JobsInFlight;
  // The worker's resume span per job: that job's poll spans link to it.
  private readonly resumeLinks = new Map<string, SpanContext>();

  private constructor(
    readonly telemetry: Telemetry,
    private readonly parent: OtelContext,
    private readonly untraced: ResponsesClientShape | undefined,
    driver: JobDriver,
  ) {
    this.inFlight = new JobsInFlight(telemetry, driver);
  }

  /**
   * For a strategy run: the telemetry and turn span behind the run's traced client (see
   * `tracedClientOrigin`); spans hang under the turn. An untraced client gets the global tracer and meter.
   */
  static forTurn(client: ResponsesClientShape): JobTelemetry {
    const origin = tracedClientOrigin(client);
    if (origin === undefined) return new JobTelemetry(resolveTelemetry(), ROOT_CONTEXT, undefined, 'strategy');
    return new JobTelemetry(origin.telemetry, origin.scope.parent ?? ROOT_CONTEXT, origin.client, 'strategy');
  }

  /** For a worker: every job's spans are roots, and the worker's calls are traced under them. */
  static forWorker(telemetry: Telemetry, client: ResponsesClientShape): JobTelemetry {
    return new JobTelemetry(telemetry, ROOT_CONTEXT, tracedClientOrigin(client)?.client ?? client, 'worker');
  }

  /**
   * Runs one poll in a `weft.job.poll` span; `client` is the driver's client, and `body` gets one
   * whose calls hang under the span. `seen` describes the answer (status, next delay, error).
   */
  poll<A, E, R>(
    subject: JobSubject,
    attempt: number,
    client: ResponsesClientShape,
    body: (client: ResponsesClientShape) => Effect.Effect<A, E, R>,
    seen: (value: A) => PollSeen,
  ): Effect.Effect<A, E, R> {
    const link = this.resumeLinks.get(subject.jobId);
    return this.inSpan(
      'weft.job.poll',
      { ...subjectAttributes(subject), [Attr.jobPollAttempt]: attempt },
      link === undefined ? [] : [{ context: link }],
      subject,
      client,
      (traced) => body(traced),
      (span, value) => {
        const what = seen(value);
        span.setAttribute(Attr.jobStatusSeen, what.status);
        if (what.progressed !== undefined) span.setAttribute(Attr.jobProgressed, what.progressed);
        if (what.nextDelayMs !== undefined) span.setAttribute(Attr.jobNextPollDelayMs, what.nextDelayMs);
        if (what.error !== undefined) recordFailure(span, what.error);
      },
    );
  }

  /**
   * Runs the (re)start of a job's driving in a `weft.job.resume` span: a stream re-opened after
   * `startingAfter`, or a lease taken over. A worker's resume span is remembered, and the job's
   * later poll spans link to it.
   */
  resume<A, E, R>(
    subject: JobSubject,
    reason: JobResumeReason,
    startingAfter: number | undefined,
    client: ResponsesClientShape,
    body: (client: ResponsesClientShape, span: Span) => Effect.Effect<A, E, R>,
  ): Effect.Effect<A, E, R> {
    return this.inSpan(
      'weft.job.resume',
      {
        ...subjectAttributes(subject),
        [Attr.jobResumeReason]: reason,
        ...(startingAfter === undefined ? {} : { [Attr.streamStartingAfter]: startingAfter }),
      },
      [],
      subject,
      client,
      (traced, span) => {
        if (reason === 'worker_claim') this.resumeLinks.set(subject.jobId, span.spanContext());
        return body(traced, span);
      },
    );
  }

  /** Forgets what was kept for a job the driver no longer holds, and stops counting it. */
  done(jobId: string): void {
    this.resumeLinks.delete(jobId);
    this.inFlight.release(jobId);
  }

  private inSpan<A, E, R>(
    name: string,
    attributes: Attributes,
    links: Link[],
    subject: JobSubject,
    client: ResponsesClientShape,
    body: (client: ResponsesClientShape, span: Span) => Effect.Effect<A, E, R>,
    onSuccess?: (span: Span, value: A) => void,
  ): Effect.Effect<A, E, R> {
    return Effect.suspend(() => {
      const span = this.telemetry.tracer.startSpan(
        name,
        { kind: SpanKind.INTERNAL, attributes, links },
        this.parent,
      );
      // Re-trace the client under this span only when it records: no cost without an SDK.
      const traced =
        this.untraced !== undefined && span.isRecording()
          ? instrumentResponsesClient(this.untraced, this.telemetry, {
              parent: trace.setSpan(this.parent, span),
              conversationId: subject.conversationId,
              turnId: subject.turnId,
            })
          : client;
      return body(traced, span).pipe(
        Effect.onExit((exit) => Effect.sync(() => endSpanWith(span, exit, onSuccess))),
      );
    });
  }
}
