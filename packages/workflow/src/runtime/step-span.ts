/**
 * A span per workflow step, active while the step runs, so the conversations a model step sends
 * on hang under it wherever an OpenTelemetry context manager is registered.
 *
 * @module
 */
import { recordFailure } from '@weft/core';
import type { StepDefinition } from '../definition/schema.js';
import type { RunHost } from './host.js';

/** Runs `work` inside a `weft.workflow.step` span named after the step. */
export function traceStep<A>(
  host: RunHost,
  name: string,
  step: StepDefinition,
  work: () => Promise<A>,
): Promise<A> {
  const { tracer, logger } = host.weft.telemetry;
  return tracer.startActiveSpan(
    `weft.workflow.step ${name}`,
    {
      attributes: {
        'weft.workflow.id': host.definition.id,
        'weft.workflow.run_id': host.runId,
        'weft.workflow.step': name,
        'weft.workflow.step_type': step.type,
      },
    },
    async (span) => {
      logger.debug({ runId: host.runId, step: name, type: step.type }, 'workflow step started');
      try {
        return await work();
      } catch (error) {
        recordFailure(span, error);
        logger.warn({ runId: host.runId, step: name, error }, 'workflow step failed');
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
