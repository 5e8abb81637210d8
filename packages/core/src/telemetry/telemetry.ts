/**
 * Telemetry settings and their resolved form: a tracer, a meter with Weft's instruments, and a
 * logger that redacts secrets. Everything goes through `@opentelemetry/api`; with no SDK
 * registered the tracer and meter are no-ops.
 *
 * @module
 */
import {
  metrics,
  trace,
  type Counter,
  type Histogram,
  type Meter,
  type Tracer,
  type UpDownCounter,
} from '@opentelemetry/api';
import { silentLogger, type LogLevel, type Logger } from './logger.js';
import { redactingLogger } from './redacting-logger.js';

/** The instrumentation scope name of Weft's tracer and meter. */
export const instrumentationName = '@weft/core';

/**
 * Options of `createWeft({ telemetry })`.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const weft = createWeft({ client, telemetry: { tracer: provider.getTracer('app'), logger: consoleLogger() } });
 * ```
 */
export interface TelemetryOptions {
  /** Where spans go. Default `trace.getTracer('@weft/core')`: the global provider, a no-op without an SDK. */
  readonly tracer?: Tracer | undefined;
  /** Where metrics go. Default `metrics.getMeter('@weft/core')`. */
  readonly meter?: Meter | undefined;
  /** Where logs go. Default: nowhere. Every record is redacted before it arrives. */
  readonly logger?: Logger | undefined;
  /** The lowest level passed to `logger`. Default `debug` (the logger filters further). */
  readonly logLevel?: LogLevel | undefined;
  /**
   * Put prompts, outputs and tool arguments/results on spans (`gen_ai.input.messages`,
   * `gen_ai.output.messages`, `gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`). Default false.
   */
  readonly recordContent?: boolean | undefined;
}

/** Weft's metric instruments. */
export interface WeftInstruments {
  /** `weft.turn.duration` (s): one turn attempt, from send to terminal Response or error. */
  readonly turnDuration: Histogram;
  /** `weft.turn.time_to_first_token` (s): from the start of an attempt to its first output. */
  readonly timeToFirstToken: Histogram;
  /** `gen_ai.client.token.usage` ({token}), by `gen_ai.token.type` (`input`, `output`). */
  readonly tokenUsage: Histogram;
  /** `gen_ai.client.operation.duration` (s): one Responses API call. */
  readonly operationDuration: Histogram;
  /** `weft.turn.retries`: attempts scheduled again by the retry policy. */
  readonly retries: Counter;
  /** `weft.turn.fallbacks`: turns re-sent with local context after the server lost the previous response. */
  readonly fallbacks: Counter;
  /** `weft.conflicts`: compare-and-swap losses on a conversation's head. */
  readonly conflicts: Counter;
  /** `weft.jobs.in_flight`: background turns started and not yet finished. */
  readonly jobsInFlight: UpDownCounter;
  /** `weft.tool.calls`: tool calls run, by `gen_ai.tool.name` and `weft.tool.is_error`. */
  readonly toolCalls: Counter;
}

/** Telemetry with every default filled in; built once per `Weft`. */
export interface Telemetry {
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly logger: Logger;
  readonly recordContent: boolean;
  readonly instruments: WeftInstruments;
}

/** Creates Weft's instruments on a meter. */
export function makeInstruments(meter: Meter): WeftInstruments {
  return {
    turnDuration: meter.createHistogram('weft.turn.duration', {
      unit: 's',
      description: 'Duration of one turn attempt.',
    }),
    timeToFirstToken: meter.createHistogram('weft.turn.time_to_first_token', {
      unit: 's',
      description: 'Time from the start of a turn attempt to its first output.',
    }),
    tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
      unit: '{token}',
      description: 'Tokens used per Responses API call.',
    }),
    operationDuration: meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'Duration of one Responses API call.',
    }),
    retries: meter.createCounter('weft.turn.retries', {
      description: 'Turn attempts scheduled again.',
    }),
    fallbacks: meter.createCounter('weft.turn.fallbacks', {
      description: 'Turns re-sent with local context after previous_response_not_found.',
    }),
    conflicts: meter.createCounter('weft.conflicts', {
      description: 'Compare-and-swap losses on a conversation head.',
    }),
    jobsInFlight: meter.createUpDownCounter('weft.jobs.in_flight', {
      description: 'Background turns in flight.',
    }),
    toolCalls: meter.createCounter('weft.tool.calls', { description: 'Tool calls run.' }),
  };
}

/**
 * Fills in the defaults of {@link TelemetryOptions}: the global tracer and meter, a silent logger,
 * and a redacting wrapper around whatever logger is given.
 *
 * @param secrets - exact strings never to log (the configured API key)
 * @since 0.1.0
 * @example
 * ```ts
 * const telemetry = resolveTelemetry({ logger: consoleLogger() }, ['sk-…']);
 * ```
 */
export function resolveTelemetry(
  options: TelemetryOptions = {},
  secrets: readonly string[] = [],
): Telemetry {
  const meter = options.meter ?? metrics.getMeter(instrumentationName);
  return {
    tracer: options.tracer ?? trace.getTracer(instrumentationName),
    meter,
    logger:
      options.logger === undefined
        ? silentLogger
        : redactingLogger(options.logger, { secrets, level: options.logLevel }),
    recordContent: options.recordContent ?? false,
    instruments: makeInstruments(meter),
  };
}
