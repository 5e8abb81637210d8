/**
 * What Weft's instrumentation costs when no OpenTelemetry SDK is installed: the tracer and meter
 * are the API's no-ops. The telemetry work of one turn (send span, turn span, the Responses call's
 * span and its token and duration metrics) is run around a client that answers at once, against the
 * same client bare; the difference per turn is `otel_noop_overhead_ms`, expected ≈ 0. The same for
 * one background job poll (`weft.job.poll` span, its retrieve call, the in-flight count):
 * `otel_noop_job_poll_overhead_ms`.
 *
 * @module
 */
import {
  JobTelemetry,
  inSpan,
  instrumentResponsesClient,
  resolveTelemetry,
  type ResponsesClientShape,
} from '@weft/core';
import { Effect } from 'effect';
import { figure } from '../figures.js';
import type { RunContext, Scenario, ScenarioOutcome } from '../scenario.js';
import { median } from '../support/system.js';

const response = {
  id: 'resp_1',
  object: 'response',
  created_at: 0,
  model: 'scripted-1',
  status: 'completed',
  output: [],
  usage: {
    input_tokens: 10,
    output_tokens: 5,
    total_tokens: 15,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  },
} as unknown as Effect.Success<ReturnType<ResponsesClientShape['create']>>;

const bare = {
  provider: 'localhost',
  create: () => Effect.succeed(response),
  retrieve: () => Effect.succeed(response),
} as unknown as ResponsesClientShape;
const job = { jobId: 'job_1', responseId: 'resp_1', turnId: 'turn_1', conversationId: 'conv_1' };
const params = { model: 'scripted-1', input: 'hi' };

/** Milliseconds per turn of `turn`, over `n` turns. */
function time(n: number, turn: () => unknown): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) turn();
  return (performance.now() - start) / n;
}

/** The median extra time of `instrumented` over `plain`, and `plain`'s mean, in interleaved rounds. */
function overheadOf(
  n: number,
  rounds: number,
  plain: () => unknown,
  instrumented: () => unknown,
): { readonly overhead: number; readonly baseline: number } {
  time(n, plain);
  time(n, instrumented);
  const diffs: number[] = [];
  let baseline = 0;
  for (let r = 0; r < rounds; r++) {
    const a = time(n, plain);
    const b = time(n, instrumented);
    baseline += a / rounds;
    diffs.push(b - a);
  }
  return { overhead: median(diffs), baseline };
}

async function run(context: RunContext): Promise<ScenarioOutcome> {
  const telemetry = resolveTelemetry();
  const traced = instrumentResponsesClient(bare, telemetry, {
    conversationId: 'conv_1',
    turnId: 'turn_1',
  });
  const plain = (): unknown => Effect.runSync(bare.create(params));
  const instrumented = (): unknown =>
    Effect.runSync(
      inSpan(telemetry.tracer, 'weft.send', {}, undefined, () =>
        inSpan(telemetry.tracer, 'weft.turn', {}, undefined, () => traced.create(params)),
      ),
    );
  const jobs = JobTelemetry.forTurn(traced);
  const plainPoll = (): unknown => Effect.runSync(bare.retrieve('resp_1'));
  const tracedPoll = (): unknown => {
    jobs.inFlight.hold(job.jobId);
    const polled = Effect.runSync(
      jobs.poll(
        job,
        0,
        traced,
        (client) => client.retrieve('resp_1'),
        (r) => ({
          status: r.status ?? 'unknown',
          nextDelayMs: 250,
        }),
      ),
    );
    jobs.done(job.jobId);
    return polled;
  };
  const n = context.quick ? 2_000 : 20_000;
  const rounds = context.quick ? 5 : 15;
  const { overhead, baseline } = overheadOf(n, rounds, plain, instrumented);
  context.log(`  no-op telemetry: ${overhead.toFixed(5)} ms/turn over ${rounds}×${n} turns`);
  const poll = overheadOf(n, rounds, plainPoll, tracedPoll);
  context.log(
    `  no-op job poll telemetry: ${poll.overhead.toFixed(5)} ms/poll over ${rounds}×${n} polls`,
  );
  return {
    figures: [
      figure({
        key: 'otel_noop_overhead_ms',
        value: overhead,
        unit: 'ms/turn',
        what: `Telemetry of one turn (send, turn and Responses spans, token and duration metrics) with no OTel SDK installed, median of ${rounds} rounds × ${n} turns`,
        baseline: {
          label: 'the same client call, uninstrumented',
          value: baseline,
          unit: 'ms/turn',
        },
        target: { kind: 'max', value: 0.05 },
      }),
      figure({
        key: 'otel_noop_job_poll_overhead_ms',
        value: poll.overhead,
        unit: 'ms/poll',
        what: `Telemetry of one background job poll (weft.job.poll span, its retrieve call's span and metrics, the in-flight count) with no OTel SDK installed, median of ${rounds} rounds × ${n} polls`,
        baseline: {
          label: 'the same retrieve call, uninstrumented',
          value: poll.baseline,
          unit: 'ms/poll',
        },
        target: { kind: 'max', value: 0.05 },
      }),
    ],
  };
}

/** `otel_noop_overhead_ms`: Weft's instrumentation with no OpenTelemetry SDK. */
export const otelNoop: Scenario = {
  name: 'otel-noop',
  description:
    'Cost of Weft telemetry per turn and per background job poll when no OpenTelemetry SDK is installed (no-op tracer and meter).',
  run,
};
