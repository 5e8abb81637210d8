/** Building {@link ModelInput}s by hand, for tests and for callers of the model without HTTP. */
import type { ContextItem, ModelInput } from './types.js';

/** A user message context item. */
export function userMessage(text: string): ContextItem {
  return { type: 'message', role: 'user', text };
}

/**
 * A {@link ModelInput} with request defaults (no tools, `auto` tool choice, plain text, no reasoning,
 * no output limit), overridden by `fields`. A string is shorthand for one user message. When only
 * `context` is given, `input` is its last item; when only `input` is given, `context` equals it.
 *
 * @example
 * createModelInput('Hello'); // model 'local-model', one user message
 */
export function createModelInput(fields: string | Partial<ModelInput> = {}): ModelInput {
  const given: Partial<ModelInput> =
    typeof fields === 'string' ? { input: [userMessage(fields)] } : fields;
  const context = given.context ?? given.input ?? [];
  const input = given.input ?? context.slice(-1);
  return {
    model: 'local-model',
    instructions: null,
    tools: [],
    toolChoice: 'auto',
    parallelToolCalls: true,
    textFormat: { type: 'text' },
    reasoning: null,
    maxOutputTokens: null,
    metadata: {},
    ...given,
    context,
    input,
  };
}
