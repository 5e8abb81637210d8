/**
 * The `tools` array of a Responses request.
 *
 * @module
 */
import type { FunctionTool } from 'openai/resources/responses/responses';
import type { Tool } from './define-tool.js';

/**
 * Indexes tools by name.
 *
 * @throws TypeError when two tools share a name.
 * @example
 * const byName = indexTools([weather, search]);
 */
export function indexTools(tools: readonly Tool[]): ReadonlyMap<string, Tool> {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) {
      throw new TypeError(
        `Two tools are named ${tool.name}; tool names must be unique within a request.`,
      );
    }
    byName.set(tool.name, tool);
  }
  return byName;
}

/**
 * The Responses `tools` entries for function tools:
 * `{ type: 'function', name, description, parameters, strict }`. `strict` is always sent, since
 * the API treats an omitted flag as strict.
 *
 * @throws TypeError when two tools share a name.
 * @example
 * await client.responses.create({ model, input, tools: toolDefinitionsFor([weather]) });
 */
export function toolDefinitionsFor(tools: readonly Tool[]): FunctionTool[] {
  indexTools(tools);
  return tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: { ...tool.parameters },
    strict: tool.strict,
  }));
}
