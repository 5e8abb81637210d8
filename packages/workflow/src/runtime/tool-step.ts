/**
 * A tool step: renders the arguments, validates them with the tool's schema and runs its handler.
 * The run's snapshot is in the store before the handler starts.
 *
 * @module
 */
import { ToolFailed } from '@weft/core';
import type { Scope } from '../compile/machine-types.js';
import type { ToolStepDefinition } from '../definition/schema.js';
import { UnknownReference } from '../errors.js';
import { renderValue } from '../expr/template.js';
import { toJson, type RunHost } from './host.js';
import { runStore } from './persistence.js';

/**
 * Runs a tool step and returns the handler's result as JSON.
 * @throws {ToolFailed} when the arguments are invalid or the handler fails; {@link UnknownReference}.
 */
export async function runToolStep(
  host: RunHost,
  name: string,
  step: ToolStepDefinition,
  scope: Scope,
  callId: string,
  signal: AbortSignal,
): Promise<unknown> {
  const tool = host.tools.get(step.tool);
  if (tool === undefined) throw new UnknownReference({ kind: 'tool', name: step.tool, step: name });
  const args = renderValue(step.args ?? {}, scope);
  const decoded = tool.decode(args);
  if (!decoded.ok) {
    throw new ToolFailed({
      toolName: tool.name,
      callId,
      detail: `invalid arguments: ${decoded.issues.join('; ')}`,
      turnId: undefined,
    });
  }
  await host.flush();
  try {
    const output = await runStore(
      tool.invoke(decoded.value, {
        callId,
        toolName: tool.name,
        turnId: undefined,
        conversationId: undefined,
      }),
      signal,
    );
    return toJson(output);
  } catch (cause) {
    if (signal.aborted) throw cause;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ToolFailed({ toolName: tool.name, callId, detail, turnId: undefined });
  }
}
