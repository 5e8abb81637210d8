/** Turns as a store would hold them, for tests of the checks. */
import type { Turn } from '@weft/core';

let sequence = 0;

/** A turn asking `prompt`, with `text` as its output. */
export function turnOf(
  prompt: string,
  text: string,
  overrides: Partial<Pick<Turn, 'id' | 'parentId' | 'status' | 'partial' | 'responseId'>> = {},
): Turn {
  const id = overrides.id ?? `turn_${++sequence}`;
  return {
    id,
    conversationId: 'conv_test',
    parentId: overrides.parentId ?? null,
    depth: 0,
    request: { input: [{ role: 'user', content: prompt }], params: { model: 'scripted-1' } },
    responseId: 'responseId' in overrides ? (overrides.responseId ?? null) : `resp_${id}`,
    status: overrides.status ?? 'completed',
    output:
      text === ''
        ? []
        : [
            {
              id: `msg_${id}`,
              type: 'message',
              role: 'assistant',
              status: 'completed',
              content: [{ type: 'output_text', text, annotations: [] }],
            },
          ],
    partial: overrides.partial ?? false,
    usage: null,
    timings: { createdAt: 0 },
    contextStrategy: 'local',
    executionStrategy: 'stream',
    fallback: null,
    error: null,
    incompleteReason: null,
  } as Turn;
}
