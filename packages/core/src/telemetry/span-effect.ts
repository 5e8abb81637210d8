/**
 * Running an Effect inside a span: the span ends with the Effect, and a failure is recorded with
 * the typed error's tag.
 *
 * @module
 */
import {
  SpanStatusCode,
  context as otelContext,
  trace,
  type Context as OtelContext,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { Cause, Effect, Exit } from 'effect';
import { Attr } from './attributes.js';

/** The tag of a typed error (`_tag`), else its class name, else `Error`. */
export function errorTag(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const tag = (error as { _tag?: unknown })._tag;
    if (typeof tag === 'string') return tag;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0) return name;
  }
  return 'Error';
}

/** Marks a span failed: `error.type` = the error's tag, status ERROR, and an exception event. */
export function recordFailure(span: Span, error: unknown): void {
  const tag = errorTag(error);
  const message = error instanceof Error ? error.message : String(error);
  span.setAttribute(Attr.errorType, tag);
  span.recordException({ name: tag, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Ends `span` the way `exit` ended: success, a recorded failure, or an interruption. */
export function endSpanWith<A, E>(
  span: Span,
  exit: Exit.Exit<A, E>,
  onSuccess?: (span: Span, value: A) => void,
): void {
  if (Exit.isSuccess(exit)) {
    onSuccess?.(span, exit.value);
  } else if (Cause.hasInterruptsOnly(exit.cause)) {
    span.setAttribute('weft.interrupted', true);
  } else {
    recordFailure(span, Cause.squash(exit.cause));
  }
  span.end();
}

/**
 * Runs `body` in a new span that is a child of `parent` (default: the active context) and ends it
 * when the Effect ends.
 */
export function inSpan<A, E, R>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: OtelContext | undefined,
  body: (span: Span) => Effect.Effect<A, E, R>,
  onSuccess?: (span: Span, value: A) => void,
): Effect.Effect<A, E, R> {
  return Effect.suspend(() => {
    const span = tracer.startSpan(name, options, parent ?? otelContext.active());
    return body(span).pipe(
      Effect.onExit((exit) => Effect.sync(() => endSpanWith(span, exit, onSuccess))),
    );
  });
}

/**
 * A context in which `span` is the active span, on top of `parent` (default: the active context):
 * the explicit parent of spans started for work that `span` covers.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * const run = tracer.startSpan('weft.workflow.run triage');
 * tracer.startActiveSpan('weft.workflow.step classify', {}, contextWithSpan(run), (step) => step.end());
 * ```
 */
export function contextWithSpan(span: Span, parent: OtelContext = otelContext.active()): OtelContext {
  return trace.setSpan(parent, span);
}
