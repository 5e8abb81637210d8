/**
 * A conversation with a retried 503 and a tool call, then a background turn, traced through the
 * OpenTelemetry SDK: spans printed as a tree (the background turn's polls included), metrics
 * collected while the background job runs and at the end, logs as JSON lines.
 *
 * @module
 */
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { backgroundStrategy } from '@weft/adapter-background';
import { consoleLogger, createWeft, defineTool } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import { z } from 'zod';

/** A metric reader read once, at the end. */
class OnceReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** What the example saw. */
export interface ObservabilitySummary {
  readonly spans: number;
  readonly traces: number;
  readonly tree: readonly string[];
  readonly metrics: Readonly<Record<string, number>>;
  /** `weft.jobs.in_flight` read while the background turn ran. */
  readonly jobsInFlightDuring: number;
}

const weather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'sunny', temperatureC: 21 }),
});

const shown = [
  'gen_ai.request.model',
  'gen_ai.response.id',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.response.finish_reasons',
  'gen_ai.tool.name',
  'weft.turn.attempt',
  'weft.turn.status',
  'weft.send.status',
  'weft.job.poll.attempt',
  'weft.job.status_seen',
  'weft.job.next_poll_delay_ms',
  'error.type',
];

/** One line per span, indented under its parent, with its key attributes. */
export function formatSpanTree(spans: readonly ReadableSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const ordered = [...spans].sort(
    (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
  );
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const span of ordered) {
      const p = span.parentSpanContext?.spanId;
      const mine = parent === undefined ? p === undefined || !ids.has(p) : p === parent;
      if (!mine) continue;
      const attrs = shown
        .filter((k) => span.attributes[k] !== undefined)
        .map((k) => `${k}=${JSON.stringify(span.attributes[k])}`)
        .join(' ');
      lines.push(`${'  '.repeat(depth)}${span.name}${attrs === '' ? '' : `  ${attrs}`}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** Every metric's total: the sum of its points, or their count for histograms. */
async function readMetrics(reader: MetricReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const totals: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      let total = 0;
      for (const point of metric.dataPoints) {
        const value = point.value as number | { count: number };
        total += typeof value === 'number' ? value : value.count;
      }
      totals[metric.descriptor.name] = total;
    }
  }
  return totals;
}

/** Runs the example; `write` receives every printed line. */
export async function runObservability(
  write: (line: string) => void,
): Promise<ObservabilitySummary> {
  // 1. An SDK: here spans are kept in memory and printed at the end; in production, an OTLP exporter.
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const reader = new OnceReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  const server = await startLocalServer({
    port: 0,
    script: {
      rules: [
        {
          match: { input: 'weather' },
          reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] },
        },
      ],
    },
  });
  const apiKey = 'sk-local-example-key';
  try {
    // 2. Weft finds the global tracer and meter by itself; logs go to the logger given here.
    const log = (line: string): void => write(`log ${line}`);
    const weft = createWeft({
      client: { baseURL: server.baseURL, apiKey },
      // Background turns poll the server; each poll is a span under the turn.
      strategies: { background: backgroundStrategy({ mode: 'poll', poll: { initialMs: 20 } }) },
      defaults: { model: 'scripted-1', retry: { initialDelayMs: 5 } },
      telemetry: {
        logger: consoleLogger({
          level: 'info',
          console: { debug: log, info: log, warn: log, error: log },
        }),
      },
    });
    const convo = await weft.conversation({ tools: [weather] });
    server.faults.push({ status: 503, times: 1 });
    const { text } = await convo.send('What is the weather in Lisbon?').result;
    write(`answer: ${text}`);

    // 3. A background turn: the response runs on the server while Weft polls it. While it runs,
    //    weft.jobs.in_flight counts its job.
    server.faults.push({ background: 'slow', delayBetweenMs: 10 });
    const background = await weft.conversation({ execution: 'background' });
    const turn = background.send('Summarise what a background turn is');
    let jobsInFlightDuring = 0;
    for await (const event of turn.events()) {
      if (event.type !== 'created') continue;
      jobsInFlightDuring = (await readMetrics(reader))['weft.jobs.in_flight'] ?? 0;
      write(`metric weft.jobs.in_flight = ${jobsInFlightDuring} (while the background turn runs)`);
      break;
    }
    write(`background answer: ${(await turn.result).text}`);
    await weft.close();

    // 4. The spans, as a tree: one trace per send.
    const spans = exporter.getFinishedSpans();
    const tree = formatSpanTree(spans);
    write('spans:');
    for (const line of tree) write(`  ${line}`);

    // 5. The metrics: histograms as their number of recordings, counters as their sum.
    const summary = await readMetrics(reader);
    for (const [name, total] of Object.entries(summary)) write(`metric ${name} = ${total}`);
    return {
      spans: spans.length,
      traces: new Set(spans.map((s) => s.spanContext().traceId)).size,
      tree,
      metrics: summary,
      jobsInFlightDuring,
    };
  } finally {
    await server.close();
    trace.disable();
    metrics.disable();
  }
}
