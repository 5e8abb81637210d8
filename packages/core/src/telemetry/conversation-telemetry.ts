/**
 * Traces, metrics and logs of one conversation: a `weft.send` span per send, a `weft.turn` span per
 * turn attempt under it, the Responses call under the turn, and an `execute_tool` span per tool call
 * under the send. The machine's context holds JSON only, so live spans are kept here, keyed by send id.
 *
 * @module
 */
import {
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  trace,
  type Attributes,
  type Context as OtelContext,
  type Span,
} from '@opentelemetry/api';
import { Effect } from 'effect';
import type { TurnEvent } from '../domain/events.js';
import type { Turn, TurnError } from '../domain/turn.js';
import type { ToolFailed } from '../errors.js';
import type { ConversationEvent, RunInput } from '../machine/machine-types.js';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import type { ClockShape } from '../services/clock.js';
import type { FunctionCall } from '../tools/function-calls.js';
import type { ToolCallRecord } from '../tools/run-tool-calls.js';
import { Attr } from './attributes.js';
import { endSpanWith, recordFailure } from './span-effect.js';
import type { Telemetry } from './telemetry.js';
import { instrumentResponsesClient } from './traced-client.js';

/** What a send span waits for: the machine's `send.*` emitted events. */
export interface SendEventSource {
  on(
    type: 'send.finished' | 'send.failed' | 'send.cancelled',
    handler: (event: { readonly sendId: string | null; readonly error?: TurnError }) => void,
  ): { unsubscribe(): void };
}

/** Wraps one tool call's work in a span. */
export type ToolCallWrapper = (
  call: FunctionCall,
  work: Effect.Effect<ToolCallRecord, ToolFailed>,
) => Effect.Effect<ToolCallRecord, ToolFailed>;

/** The telemetry of one live conversation. */
export class ConversationTelemetry {
  private readonly sends = new Map<string, Span>();
  private readonly subscriptions: { unsubscribe(): void }[] = [];

  constructor(
    readonly telemetry: Telemetry,
    private readonly clock: ClockShape,
    private readonly conversationId: string | undefined = undefined,
  ) {}

  /** Opens the `weft.send` span of a send (or a retry of a failed one). */
  beginSend(sendId: string, conversationId: string, kind: 'send' | 'retry'): void {
    const span = this.telemetry.tracer.startSpan(
      'weft.send',
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [Attr.conversationId]: conversationId,
          [Attr.genAiConversationId]: conversationId,
          [Attr.sendId]: sendId,
          'weft.send.kind': kind,
        },
      },
      otelContext.active(),
    );
    this.sends.set(sendId, span);
    this.telemetry.logger.debug({ conversationId, sendId, kind }, 'send started');
  }

  /** Ends send spans when the machine reports a send finished, failed or was cancelled. */
  watch(source: SendEventSource): void {
    this.subscriptions.push(
      source.on('send.finished', (e) => this.endSend(e.sendId, 'completed')),
      source.on('send.failed', (e) => this.endSend(e.sendId, 'failed', e.error)),
      source.on('send.cancelled', (e) => this.endSend(e.sendId, 'cancelled')),
    );
  }

  /** Ends every open send span (the conversation closed while they waited) and stops watching. */
  close(): void {
    for (const sendId of [...this.sends.keys()]) this.endSend(sendId, 'detached');
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  /** The context a send's children hang under; the active context for work of no send. */
  contextOf(sendId: string | null): OtelContext {
    const span = sendId === null ? undefined : this.sends.get(sendId);
    return span === undefined ? otelContext.active() : trace.setSpan(otelContext.active(), span);
  }

  /** Starts the `weft.turn` span of one run attempt. */
  turn(input: RunInput): TurnTrace {
    return new TurnTrace(this.telemetry, this.clock, input, this.contextOf(input.sendId));
  }

  /** A wrapper that puts each tool call of a turn in an `execute_tool` span under the send. */
  toolWrapper(sendId: string | null, turnId: string, conversationId: string): ToolCallWrapper {
    const { tracer, instruments, logger, recordContent } = this.telemetry;
    const parent = this.contextOf(sendId);
    return (call, work) =>
      Effect.suspend(() => {
        const span = tracer.startSpan(
          `execute_tool ${call.name}`,
          {
            kind: SpanKind.INTERNAL,
            attributes: {
              [Attr.genAiOperationName]: 'execute_tool',
              [Attr.genAiToolName]: call.name,
              [Attr.genAiToolCallId]: call.call_id,
              [Attr.genAiToolType]: 'function',
              [Attr.turnId]: turnId,
              [Attr.conversationId]: conversationId,
            },
          },
          parent,
        );
        if (recordContent && span.isRecording())
          span.setAttribute(Attr.genAiToolCallArguments, call.arguments);
        return work.pipe(
          Effect.onExit((exit) =>
            Effect.sync(() =>
              endSpanWith(span, exit, (s, record) => {
                s.setAttribute(Attr.toolIsError, record.isError);
                if (record.isError)
                  s.setStatus({
                    code: SpanStatusCode.ERROR,
                    message: 'the tool answered with an error output',
                  });
                if (recordContent && s.isRecording())
                  s.setAttribute(Attr.genAiToolCallResult, record.output);
                instruments.toolCalls.add(1, {
                  [Attr.genAiToolName]: call.name,
                  [Attr.toolIsError]: record.isError,
                });
                logger.debug(
                  {
                    conversationId,
                    turnId,
                    tool: call.name,
                    callId: call.call_id,
                    isError: record.isError,
                    durationMs: record.durationMs,
                  },
                  'tool call finished',
                );
              }),
            ),
          ),
        );
      });
  }

  private endSend(sendId: string | null, status: string, error?: TurnError): void {
    if (sendId === null) return;
    const span = this.sends.get(sendId);
    if (span === undefined) return;
    this.sends.delete(sendId);
    span.setAttribute(Attr.sendStatus, status);
    if (error !== undefined) {
      span.setAttribute(Attr.errorType, error.tag);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end();
    const fields = {
      conversationId: this.conversationId,
      sendId,
      status,
      ...(error ? { tag: error.tag } : {}),
    };
    if (error !== undefined)
      this.telemetry.logger.error({ ...fields, message: error.message }, 'send failed');
    else this.telemetry.logger.debug(fields, 'send ended');
  }
}

/** The `weft.turn` span and metrics of one run attempt. */
export class TurnTrace {
  readonly span: Span;
  private readonly context: OtelContext;
  private readonly startedAt: number;
  private firstOutputSeen = false;
  private ended = false;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly clock: ClockShape,
    private readonly input: RunInput,
    parent: OtelContext,
  ) {
    this.startedAt = clock.now();
    this.span = telemetry.tracer.startSpan(
      'weft.turn',
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [Attr.conversationId]: input.conversationId,
          [Attr.genAiConversationId]: input.conversationId,
          [Attr.turnId]: input.turnId,
          [Attr.turnAttempt]: input.attempt,
          [Attr.executionStrategy]: input.executionStrategy,
          ...(input.sendId === null ? {} : { [Attr.sendId]: input.sendId }),
        },
      },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
    telemetry.logger.debug(
      {
        conversationId: input.conversationId,
        turnId: input.turnId,
        attempt: input.attempt,
        executionStrategy: input.executionStrategy,
      },
      'turn started',
    );
  }

  /** The client, tracing its calls as children of this turn. */
  client(client: ResponsesClientShape): ResponsesClientShape {
    return instrumentResponsesClient(client, this.telemetry, {
      parent: this.context,
      conversationId: this.input.conversationId,
      turnId: this.input.turnId,
    });
  }

  /** Passes events on, recording time to first output. */
  emit(emit: (event: TurnEvent) => void): (event: TurnEvent) => void {
    return (event) => {
      if (!this.firstOutputSeen && (event.type === 'delta' || event.type === 'item.done')) {
        this.firstOutputSeen = true;
        this.telemetry.instruments.timeToFirstToken.record(
          (this.clock.now() - this.startedAt) / 1000,
          this.metricAttributes(),
        );
      }
      emit(event);
    };
  }

  /** Adds what the stored turn knows: the context strategy it really uses, and any fallback. */
  describe(turn: Turn): void {
    this.span.setAttribute(Attr.contextStrategy, turn.contextStrategy);
    if (turn.fallback !== null) {
      this.span.setAttribute(Attr.fallbackReason, turn.fallback.reason);
      this.span.setAttribute('weft.fallback.from', turn.fallback.from);
    }
  }

  /** Ends the span with the run's outcome, and records latency, retries, fallbacks and conflicts. */
  end(event: ConversationEvent): void {
    if (this.ended) return;
    this.ended = true;
    const { instruments, logger } = this.telemetry;
    const fields = {
      conversationId: this.input.conversationId,
      turnId: this.input.turnId,
      attempt: this.input.attempt,
    };
    let status: string;
    const extra: Attributes = {};
    if (event.type === 'run.done') {
      const { outcome } = event;
      status = outcome.status;
      if (outcome.responseId !== null) this.span.setAttribute(Attr.responseId, outcome.responseId);
      if (outcome.calls.length > 0)
        this.span.setAttribute('weft.turn.tool_calls', outcome.calls.length);
      if (outcome.error !== null) {
        this.span.setAttribute(Attr.errorType, outcome.error.tag);
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
        extra[Attr.errorType] = outcome.error.tag;
      }
      logger.info(
        { ...fields, status, responseId: outcome.responseId, toolCalls: outcome.calls.length },
        'turn finished',
      );
    } else if (event.type === 'run.error') {
      const { failure } = event;
      status = failure.error.tag === 'Cancelled' ? 'cancelled' : 'failed';
      recordFailure(this.span, { _tag: failure.error.tag, message: failure.error.message });
      extra[Attr.errorType] = failure.error.tag;
      if (failure.error.tag === 'Conflict')
        instruments.conflicts.add(1, { [Attr.operation]: 'setHead' });
      if (failure.retryDelayMs !== null) {
        this.span.setAttribute(Attr.retryDelayMs, failure.retryDelayMs);
        instruments.retries.add(1, { [Attr.errorType]: failure.error.tag });
        logger.warn(
          { ...fields, tag: failure.error.tag, retryDelayMs: failure.retryDelayMs },
          'turn will be retried',
        );
      } else if (failure.fallbackReason !== null) {
        this.span.setAttribute(Attr.fallbackReason, failure.fallbackReason);
        instruments.fallbacks.add(1, { [Attr.contextStrategy]: 'server' });
        logger.warn({ ...fields, reason: failure.fallbackReason }, 'falling back to local context');
      } else {
        logger.warn(
          { ...fields, tag: failure.error.tag, message: failure.error.message },
          'turn attempt failed',
        );
      }
    } else {
      status = 'unknown';
    }
    this.span.setAttribute(Attr.turnStatus, status);
    this.span.end();
    instruments.turnDuration.record((this.clock.now() - this.startedAt) / 1000, {
      ...this.metricAttributes(),
      [Attr.turnStatus]: status,
      ...extra,
    });
  }

  /** Ends the span of an attempt that was stopped (cancelled, or the conversation closed). */
  interrupted(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.setAttribute(Attr.turnStatus, 'cancelled');
    this.span.setAttribute('weft.interrupted', true);
    this.span.end();
  }

  private metricAttributes(): Attributes {
    return { [Attr.executionStrategy]: this.input.executionStrategy };
  }
}
