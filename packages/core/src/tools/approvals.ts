/**
 * Calls that wait for a person: which ones need approval, and what the model hears when a person
 * says no.
 *
 * @module
 */
import type { InputItem, OutputItem } from '../domain/items.js';
import type { Tool } from './define-tool.js';
import {
  functionCallsOf,
  parseArguments,
  type FunctionCall,
  type FunctionCallOutput,
} from './function-calls.js';
import { indexTools } from './tool-definitions.js';
import { errorOutput } from './tool-output.js';

/**
 * A call that must not run before a person approves it.
 *
 * @example
 * const ids = pendingApprovals(response.output, tools).map((p: PendingApproval) => p.callId);
 */
export interface PendingApproval {
  /** The `function_call` item itself. */
  readonly call: FunctionCall;
  /** Its `call_id` (unique within its response only). */
  readonly callId: string;
  /** The tool name. */
  readonly name: string;
  /** The validated arguments, as the approval predicate saw them. */
  readonly arguments: unknown;
}

/**
 * The calls among `items` whose tool needs approval (`needsApproval: true`, or a predicate that
 * returns true or throws for the validated arguments), in call order. Calls to unknown tools and
 * calls with invalid arguments are left out: running them only produces an error output.
 *
 * @example
 * const pending = pendingApprovals(response.output, tools);
 * if (pending.length > 0) await askPerson(pending);
 */
export function pendingApprovals(
  items: Iterable<OutputItem | InputItem>,
  tools: readonly Tool[],
): PendingApproval[] {
  const byName = indexTools(tools);
  const pending: PendingApproval[] = [];
  for (const call of functionCallsOf(items)) {
    const tool = byName.get(call.name);
    if (tool === undefined) continue;
    const parsed = parseArguments(call.arguments);
    if (!parsed.ok) continue;
    const decoded = tool.decode(parsed.value);
    if (!decoded.ok || !tool.requiresApproval(decoded.value)) continue;
    pending.push({ call, callId: call.call_id, name: call.name, arguments: decoded.value });
  }
  return pending;
}

/**
 * The `function_call_output` sent instead of running a call a person rejected:
 * `{"error": "…", "rejected": true}` with the reason, telling the model not to retry it unchanged.
 *
 * @example
 * const item = rejectionOutput(pending[0].call, 'amount too large');
 */
export function rejectionOutput(
  call: Pick<FunctionCall, 'call_id' | 'name'>,
  reason?: string | undefined,
): FunctionCallOutput {
  const why = reason === undefined || reason.trim() === '' ? '' : `: ${reason.trim()}`;
  return {
    type: 'function_call_output',
    call_id: call.call_id,
    output: errorOutput(
      `A person rejected this call to ${call.name}${why}. Do not repeat it unchanged; adjust the request or ask the user.`,
      { rejected: true },
    ),
  };
}
