/**
 * Which tools the default model calls, following `tool_choice`:
 * - `none` → no calls;
 * - `required` → the tools the user's text names, else the first tool;
 * - `{ type: 'function', name }` → that tool;
 * - `{ type: 'allowed_tools', mode, tools }` → only those tools, forced when mode is `required`;
 * - `auto` (or anything else) → the tools the user's text names, and only when answering a user
 *   message, so the default model never loops on its own tool results.
 * Forced choices apply to tool-result requests too, as they do against the real API.
 */
import type { ContextView } from './context-view.js';
import { jsonFromSchema } from './json-from-schema.js';
import { humanise } from './sample-values.js';
import type { ModelInput, ToolDefinition } from './types.js';

interface Choice {
  readonly candidates: readonly ToolDefinition[];
  readonly forced: boolean;
}

/** The tools the default model calls for this request, in call order (empty = answer with text). */
export function toolsToCall(input: ModelInput, view: ContextView): readonly ToolDefinition[] {
  const choice = readChoice(input);
  if (choice.candidates.length === 0) return [];
  const mentioned =
    view.toolResults.length === 0 ? mentionedTools(choice.candidates, view.userText) : [];
  const calls =
    mentioned.length > 0 ? mentioned : choice.forced ? choice.candidates.slice(0, 1) : [];
  return input.parallelToolCalls ? calls : calls.slice(0, 1);
}

function readChoice(input: ModelInput): Choice {
  const { toolChoice, tools } = input;
  if (toolChoice === 'none') return { candidates: [], forced: false };
  if (toolChoice === 'required') return { candidates: tools, forced: true };
  if (typeof toolChoice === 'object' && toolChoice !== null) {
    const choice = toolChoice as {
      type?: unknown;
      name?: unknown;
      mode?: unknown;
      tools?: unknown;
    };
    if (choice.type === 'function' && typeof choice.name === 'string') {
      const name = choice.name;
      return { candidates: [tools.find((t) => t.name === name) ?? { name }], forced: true };
    }
    if (choice.type === 'allowed_tools' && Array.isArray(choice.tools)) {
      const allowed = new Set(
        choice.tools.flatMap((t: unknown) => {
          const named = t as { name?: unknown } | null;
          return typeof named?.name === 'string' ? [named.name] : [];
        }),
      );
      return {
        candidates: tools.filter((t) => allowed.has(t.name)),
        forced: choice.mode === 'required',
      };
    }
  }
  return { candidates: tools, forced: false };
}

/** Tools named in `text` (`get_weather`, or `get weather`), ordered by first mention. */
export function mentionedTools(tools: readonly ToolDefinition[], text: string): ToolDefinition[] {
  const positions = tools.flatMap((tool) => {
    const spellings = [tool.name, humanise(tool.name)].map(escapeRegex);
    const found = new RegExp(`(?<![\\w])(?:${spellings.join('|')})(?![\\w])`, 'i').exec(text);
    return found === null ? [] : [{ tool, at: found.index }];
  });
  return positions.sort((a, b) => a.at - b.at).map((p) => p.tool);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON arguments for `tool`, generated from its parameters schema and the user's text. */
export function synthesiseArguments(tool: ToolDefinition | undefined, text: string): string {
  const schema = tool?.parameters;
  if (schema === undefined) return '{}';
  return JSON.stringify(jsonFromSchema(schema, { text }));
}
