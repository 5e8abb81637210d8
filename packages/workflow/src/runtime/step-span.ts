/**
 * A span per workflow step, under the run span and active while the step runs, so the
 * conversations a model step sends on hang under it wherever an OpenTelemetry context manager is
 * registered.
 *
 * @module
 */
import { TelemetryAttributes as Attr, recordFailure } from '@weft/core';
import type { StepDefinition } from '../definition/schema.js';
import type { RunHost } from './host.js';

/** Runs `work` inside a `weft.workflow.step` span named after the step, a child of the run span. */
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
        [Attr.workflowId]: host.definition.id,
        [Attr.workflowRunId]: host.runId,
        [Attr.workflowStep]: name,
        [Attr.workflowStepType]: step.type,
      },
    },
    // Explicitly under the run span: the machine starts step actors from wherever it was driven.
    host.traceContext(),
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
