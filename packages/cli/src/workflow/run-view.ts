import type { WorkflowEvent } from '@weft/workflow';
import type { Painter } from '../output/colour.js';

const short = (value: unknown, max = 100): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line per workflow progress event: the live step-by-step view of `weft run`. */
export function describeWorkflowEvent(event: WorkflowEvent, paint: Painter): string | undefined {
  switch (event.type) {
    case 'run.started':
      return `${paint('bold', 'run')} ${paint('cyan', event.runId)} of ${event.workflowId} v${event.version}`;
    case 'run.resumed':
      return `${paint('bold', 'resumed')} ${paint('cyan', event.runId)} of ${event.workflowId} v${event.version}${event.steps.length === 0 ? '' : ` at ${event.steps.join(', ')}`}`;
    case 'step.started':
      return `${paint('dim', '▸')} ${event.step} ${paint('dim', `(${event.kind})`)}`;
    case 'step.finished':
      return `${paint('green', '✓')} ${event.step}${event.output === undefined || event.output === null ? '' : ` ${paint('dim', short(event.output))}`}`;
    case 'step.failed':
      return `${paint('red', '✗')} ${event.step}: ${event.error.message}`;
    case 'step.waiting':
      return `${paint('yellow', '⏸')} ${event.step} waits for input${event.prompt === undefined ? '' : `: ${event.prompt}`}`;
    case 'run.finished':
      return `${event.status === 'completed' ? paint('green', 'completed') : paint('red', 'failed')} at ${event.step}: ${short(event.output, 400)}`;
    case 'run.failed':
      return `${paint('red', 'run failed')}${event.step === undefined ? '' : ` at ${event.step}`}: ${event.error.message}`;
    default:
      return undefined;
  }
}
