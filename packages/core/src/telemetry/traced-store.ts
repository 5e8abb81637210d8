/**
 * Store operations in traces: a span for each operation that took at least a threshold, and a
 * count of compare-and-swap conflicts. Works on any store port (turns, jobs, snapshots).
 *
 * @module
 */
import { SpanKind, context as otelContext } from '@opentelemetry/api';
import { Cause, Effect, Exit } from 'effect';
import { Attr } from './attributes.js';
import { errorTag, recordFailure } from './span-effect.js';
import type { Telemetry } from './telemetry.js';

/** Options of {@link instrumentStore}. */
export interface InstrumentStoreOptions {
  /** Operations at least this long get a span. Default 50 ms; 0 traces every operation. */
  readonly thresholdMs?: number | undefined;
  /** Names the store in span names and attributes. Default `turns`. */
  readonly name?: string | undefined;
}

/**
 * Wraps a store (every method returning an Effect) so that slow operations appear as
 * `weft.store.{name}.{operation}` spans, placed at their real start time, and every `Conflict`
 * (from `setHead`, `finishTurn`, or any other operation) counts in `weft.conflicts`. Every method
 * of the store is wrapped, including ones added to its port later. Fast operations cost two clock reads.
 *
 * @param telemetry - from `resolveTelemetry`, or `weft.telemetry`
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const turns = instrumentStore(sqliteTurnStore, resolveTelemetry({ tracer }), { thresholdMs: 20 });
 * const weft = createWeft({ client, store: { turns } });
 * ```
 */
export function instrumentStore<S extends object>(
  store: S,
  telemetry: Telemetry,
  options: InstrumentStoreOptions = {},
): S {
  const thresholdMs = options.thresholdMs ?? 50;
  const name = options.name ?? 'turns';
  const timed = (operation: string, effect: Effect.Effect<unknown, unknown, unknown>) =>
    Effect.suspend(() => {
      const startedAt = Date.now();
      const started = performance.now();
      return effect.pipe(
        Effect.onExit((exit) =>
          Effect.sync(() => {
            const failure =
              Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)
                ? Cause.squash(exit.cause)
                : undefined;
            if (failure !== undefined && errorTag(failure) === 'Conflict') {
              telemetry.instruments.conflicts.add(1, { [Attr.operation]: `${name}.${operation}` });
            }
            const durationMs = performance.now() - started;
            if (durationMs < thresholdMs) return;
            const span = telemetry.tracer.startSpan(
              `weft.store.${name}.${operation}`,
              {
                kind: SpanKind.INTERNAL,
                startTime: startedAt,
                attributes: {
                  [Attr.storeOperation]: `${name}.${operation}`,
                  'weft.store.duration_ms': durationMs,
                },
              },
              otelContext.active(),
            );
            if (failure !== undefined) recordFailure(span, failure);
            span.end(startedAt + durationMs);
          }),
        ),
      );
    });
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return Effect.isEffect(result) ? timed(property, result) : result;
      };
    },
  });
}
