/**
 * What the local server answers in crash cycles, and what the store must hold afterwards: every
 * prompt gets one slow, deterministic reply, so a turn's complete output is known in advance.
 */
import type { Script } from '@weft/local-server';
import type { WorkflowDocumentInput } from '@weft/workflow';
import { STREAM_MS } from './crash-plan.js';

const WORDS = 40;
const body = Array.from({ length: WORDS }, (_, i) => `word${i + 1}`).join(' ');

/** The scripted reply to any prompt: the prompt itself, then a fixed run of words. */
export const replyTemplate = `Reply to [{{input}}]: ${body}`;

/** The local-server script of the crash cycles: slow streams and slow background responses. */
export const crashScript: Script = {
  rules: [
    {
      name: 'crash cycle',
      match: { input: 'crash cycle' },
      reply: { text: replyTemplate },
      faults: {
        delayFirstMs: 20,
        delayBetweenMs: Math.round(STREAM_MS / WORDS),
        background: 'slow',
      },
    },
  ],
};

/** The complete output text the scripted model gives `prompt`. */
export const expectedReply = (prompt: string): string => `Reply to [${prompt}]: ${body}`;

/** The prompt of a stream or background cycle. */
export const cyclePrompt = (cycle: number): string => `crash cycle ${cycle}: answer in full`;

/**
 * The workflow a workflow cycle runs: two model steps, a blocking turn (completed, then the head
 * moved, in two writes) and a streamed one (both in one write).
 */
export const crashWorkflow: WorkflowDocumentInput = {
  id: 'crash-cycle',
  version: 1,
  input: {
    type: 'object',
    properties: { cycle: { type: 'number' } },
    required: ['cycle'],
  },
  onError: 'failed',
  start: 'draft',
  steps: {
    draft: {
      type: 'model',
      prompt: 'crash cycle {{ input.cycle }}: draft',
      execution: 'blocking',
      next: 'final',
    },
    final: {
      type: 'model',
      prompt: 'crash cycle {{ input.cycle }}: final',
      execution: 'stream',
      next: 'done',
    },
    done: {
      type: 'end',
      output: { draft: '{{ steps.draft.output }}', final: '{{ steps.final.output }}' },
    },
    failed: { type: 'end', status: 'failed', output: { error: '{{ error.message }}' } },
  },
};

/** The prompts of a workflow cycle's model steps, in order. */
export const workflowPrompts = (cycle: number): readonly string[] => [
  `crash cycle ${cycle}: draft`,
  `crash cycle ${cycle}: final`,
];
