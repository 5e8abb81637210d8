/**
 * In-memory OpenTelemetry for tests: an SDK tracer and meter local to one test (nothing global is
 * registered), what they recorded, and helpers to read span trees and metric points. Exported from
 * `@weft/core/testing`; needs `@opentelemetry/sdk-trace` and `@opentelemetry/sdk-metrics`.
 *
 * @module
 */
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import type { Meter, Tracer } from '@opentelemetry/api';

/** A metric reader collected on demand. */
class OnDemandReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** What {@link memoryOtel} returns. */
export interface MemoryOtel {
  /** Pass to Weft as its tracer. */
  readonly tracer: Tracer;
  /** Pass to Weft as its meter. */
  readonly meter: Meter;
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  /** Every metric recorded so far, by name. */
  metrics(): Promise<Map<string, MetricData>>;
  /** One metric by name, or undefined when nothing was recorded for it. */
  metric(name: string): Promise<MetricData | undefined>;
  /** Forgets the spans ended so far. */
  reset(): void;
}

/** An SDK tracer and meter recording into memory, local to one test (nothing global is registered). */
export function memoryOtel(): MemoryOtel {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const metrics = async (): Promise<Map<string, MetricData>> => {
    const { resourceMetrics } = await reader.collect();
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics) byName.set(m.descriptor.name, m);
    return byName;
  };
  return {
    tracer: provider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    spans: () => exporter.getFinishedSpans(),
    metrics,
    metric: async (name) => (await metrics()).get(name),
    reset: () => exporter.reset(),
  };
}

/** The value of a sum metric's data point whose attribute `key` is `value` (0 when absent). */
export function pointValue(metric: MetricData | undefined, key: string, value: string): number {
  const point = metric?.dataPoints.find((p) => p.attributes[key] === value);
  return typeof point?.value === 'number' ? point.value : 0;
}

/** A span's parent span id, or undefined for a root. */
export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

/** The span tree as indented names, children in start order: easy to read in a failing assertion. */
export function spanTree(spans: readonly ReadableSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const byStart = [...spans].sort(
    (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
  );
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const s of byStart) {
      const p = parentOf(s);
      const isChild = parent === undefined ? p === undefined || !ids.has(p) : p === parent;
      if (!isChild) continue;
      lines.push(`${'  '.repeat(depth)}${s.name}`);
      walk(s.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
