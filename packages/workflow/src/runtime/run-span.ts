/**
 * The `weft.workflow.run {id}` span: one per run in a process, from its start (or its resume after
 * a restart, then with `weft.workflow.resumed=true`) to its end, failure or stop. Step spans are its
 * children, and the run's progress events are its span events.
 *
 * @module
 */
import {
  TelemetryAttributes as Attr,
  contextWithSpan,
  recordFailure,
  type Telemetry,
} from '@weft/core';

type Span = ReturnType<Telemetry['tracer']['startSpan']>;
type SpanParent = ReturnType<typeof contextWithSpan>;

/** What the run span is about. */
export interface RunSpanSubject {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly parentRunId: string | null;
  /** True when this process continues a stored run. */
  readonly resumed: boolean;
}

/** Traces one run in this process. */
export class RunTrace {
  /** The parent of the run's step spans: the run span, on top of the context the run began in. */
  readonly context: SpanParent;
  private readonly span: Span;
  private ended = false;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly subject: RunSpanSubject,
  ) {
    // The active context when the run begins is its parent: a caller's span, or the step span of
    // a parent run (with a context manager registered).
    this.span = telemetry.tracer.startSpan(`weft.workflow.run ${subject.workflowId}`, {
      attributes: {
        [Attr.workflowId]: subject.workflowId,
        [Attr.workflowRunId]: subject.runId,
        [Attr.workflowVersion]: subject.version,
        [Attr.workflowResumed]: subject.resumed,
        ...(subject.parentRunId === null ? {} : { [Attr.workflowParentRunId]: subject.parentRunId }),
      },
    });
    this.context = contextWithSpan(this.span);
  }

  /** Records a progress event (`step.started`, `step.waiting`, …) as a span event. */
  event(type: string, step: string | undefined): void {
    if (this.ended) return;
    this.span.addEvent(type, step === undefined ? {} : { [Attr.workflowStep]: step });
  }

  /** The run reached an end step; one with `status: failed` marks the span failed. */
  reachedEnd(status: 'completed' | 'failed', endStep: string): void {
    this.end(status, (span) => {
      span.setAttribute(Attr.workflowEndStep, endStep);
      if (status === 'failed')
        recordFailure(span, { _tag: 'WorkflowFailed', message: `the run ended at end step ${endStep}` });
    });
  }

  /** The run failed: `error` is the typed error it rejects with (`RunFailed`, `StorageError`, …). */
  failed(error: unknown): void {
    this.end('failed', (span) => recordFailure(span, error));
  }

  /** The run was stopped in this process; its state stays stored and it may resume elsewhere. */
  stopped(): void {
    this.end('stopped', (span) => span.setAttribute('weft.interrupted', true));
  }

  private end(status: string, mark: (span: Span) => void): void {
    if (this.ended) return;
    this.ended = true;
    this.span.setAttribute(Attr.workflowStatus, status);
    mark(this.span);
    this.span.end();
    this.telemetry.logger.debug(
      { runId: this.subject.runId, workflowId: this.subject.workflowId, status },
      'workflow run ended',
    );
  }
}
