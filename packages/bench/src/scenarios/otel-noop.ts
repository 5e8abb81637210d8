/**
 * What Weft's instrumentation costs when no OpenTelemetry SDK is installed: the tracer and meter
 * are the API's no-ops. The telemetry work of one turn (send span, turn span, the Responses call's
 * span and its token and duration metrics) is run around a client that answers at once, against the
 * same client bare; the difference per turn is `otel_noop_overhead_ms`, expected ≈ 0.
 *
 * @module
 */
import {
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
} as unknown as ResponsesClientShape;
const params = { model: 'scripted-1', input: 'hi' };

/** Milliseconds per turn of `turn`, over `n` turns. */
function time(n: number, turn: () => unknown): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) turn();
  return (performance.now() - start) / n;
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
  const n = context.quick ? 2_000 : 20_000;
  const rounds = context.quick ? 5 : 15;
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
  const overhead = median(diffs);
  context.log(`  no-op telemetry: ${overhead.toFixed(5)} ms/turn over ${rounds}×${n} turns`);
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
    ],
  };
}

/** `otel_noop_overhead_ms`: Weft's instrumentation with no OpenTelemetry SDK. */
export const otelNoop: Scenario = {
  name: 'otel-noop',
  description:
    'Cost of Weft telemetry per turn when no OpenTelemetry SDK is installed (no-op tracer and meter).',
  run,
};
