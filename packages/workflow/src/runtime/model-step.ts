/**
 * A model step: renders the prompt, sends it into the run's conversation (so the turns join the
 * turn tree), and returns the text or the parsed structured output. On resume, a turn that was
 * already completed in the store is used instead of sending again.
 *
 * @module
 */
import { outputSchema, type OutputItem, type OutputSchema } from '@weft/core';
import type { Scope } from '../compile/machine-types.js';
import type { ModelStepDefinition } from '../definition/schema.js';
import { UnknownReference } from '../errors.js';
import { renderText } from '../expr/template.js';
import { toJson, type RunHost } from './host.js';
import { runStore } from './persistence.js';

/** How one model step call is made. */
export interface ModelCall {
  readonly name: string;
  readonly step: ModelStepDefinition;
  readonly scope: Scope;
  /** The conversation to write to. */
  readonly conversationId: string;
  readonly forkFromMain: boolean;
  /** Turns this step recorded before a restart; the last one is reused when it completed. */
  readonly recordedTurnIds: readonly string[];
  readonly onTurn: (turnId: string, conversationId: string) => void;
  readonly signal: AbortSignal;
}

function outputText(output: readonly OutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

function schemaFor(call: ModelCall): OutputSchema<unknown> | undefined {
  return call.step.output === undefined ? undefined : outputSchema(call.name, call.step.output);
}

/** The output of a turn already in the store, when it is a completed final answer. */
async function storedOutput(
  host: RunHost,
  call: ModelCall,
): Promise<{ found: true; output: unknown } | { found: false }> {
  const last = call.recordedTurnIds.at(-1);
  if (last === undefined) return { found: false };
  const turn = await runStore(host.weft.store.turns.getTurn(last)).catch(() => undefined);
  if (turn === undefined || turn.status !== 'completed') return { found: false };
  if (turn.output.some((item) => item.type === 'function_call')) return { found: false };
  const text = outputText(turn.output);
  const schema = schemaFor(call);
  if (schema === undefined) return { found: true, output: text };
  const parsed = schema.safeParse(text, { turnId: turn.id });
  return parsed.success ? { found: true, output: toJson(parsed.value) } : { found: false };
}

/**
 * Runs a model step and returns its output.
 * @throws the core error that ended the send (`OutputValidation`, `RateLimited`, …) or {@link UnknownReference}.
 */
export async function runModelStep(host: RunHost, call: ModelCall): Promise<unknown> {
  const stored = await storedOutput(host, call);
  if (stored.found) return stored.output;

  const tools = (call.step.tools ?? []).map((name) => {
    const tool = host.tools.get(name);
    if (tool === undefined) throw new UnknownReference({ kind: 'tool', name, step: call.name });
    return tool;
  });
  const convo = await host.conversation(call.conversationId, call.forkFromMain);
  const model = call.step.model ?? host.model;
  convo.configure({
    ...(model === undefined ? {} : { model }),
    instructions:
      call.step.instructions === undefined
        ? undefined
        : renderText(call.step.instructions, call.scope),
    tools,
    ...(call.step.execution === undefined ? {} : { execution: call.step.execution }),
    ...(call.step.maxToolRounds === undefined ? {} : { maxToolRounds: call.step.maxToolRounds }),
  });
  const schema = schemaFor(call);
  const handle = convo.send(renderText(call.step.prompt, call.scope), {
    ...(schema === undefined ? {} : { output: schema }),
    signal: call.signal,
  });
  try {
    for await (const event of handle.events()) {
      if (event.type === 'turn.started') call.onTurn(event.turnId, convo.id);
    }
  } catch {
    // The same failure rejects `result`, which carries the tagged error.
  }
  const result = await handle.result;
  return schema === undefined ? result.text : toJson(result.parsed);
}
