/**
 * Running the function calls of one response and answering each with a `function_call_output`.
 *
 * @module
 */
import { Cause, Clock, Effect, Exit } from 'effect';
import { Cancelled, ToolFailed } from '../errors.js';
import type { InputItem, OutputItem } from '../domain/items.js';
import type { Tool, ToolPolicy } from './define-tool.js';
import {
  functionCallsOf,
  parseArguments,
  type FunctionCall,
  type FunctionCallOutput,
} from './function-calls.js';
import { indexTools } from './tool-definitions.js';
import { describeFailure, errorOutput, serializeToolOutput } from './tool-output.js';

/**
 * What happened to one call.
 *
 * @example
 * for (const record of result.records) if (record.isError) log(record.name, record.output);
 */
export interface ToolCallRecord {
  /** The call's `call_id` (unique within its response only). */
  readonly callId: string;
  /** The tool name the model called. */
  readonly name: string;
  /** The validated arguments; the parsed JSON when invalid; `undefined` when not JSON. */
  readonly arguments: unknown;
  /** The `output` text sent back. */
  readonly output: string;
  /** True when `output` reports an error (unknown tool, invalid arguments, handler failure, timeout). */
  readonly isError: boolean;
  /** Time from the start of the call to its output, by Effect's `Clock`. */
  readonly durationMs: number;
}

/**
 * The answers to a response's function calls, in call order.
 *
 * @example
 * const { items, records }: ToolCallsResult = yield* runToolCalls(response.output, tools);
 */
export interface ToolCallsResult {
  /** One `function_call_output` item per call, ready to send as input. */
  readonly items: readonly FunctionCallOutput[];
  /** One record per call, in the same order. */
  readonly records: readonly ToolCallRecord[];
}

/**
 * Options of {@link runToolCalls}.
 *
 * @example
 * const options: RunToolCallsOptions = { concurrency: 2, onUnknownTool: 'fail', signal };
 */
export interface RunToolCallsOptions {
  /** How many handlers may run at once. Default 4. */
  readonly concurrency?: number | undefined;
  /** A call to a tool that is not in the set: `return` (default) answers with an error output, `fail` raises `ToolFailed`. */
  readonly onUnknownTool?: ToolPolicy | undefined;
  /** Aborting stops the run with `Cancelled` and aborts every running handler's signal. */
  readonly signal?: AbortSignal | undefined;
  /** Passed to handlers and put on errors. */
  readonly turnId?: string | undefined;
  /** Passed to handlers. */
  readonly conversationId?: string | undefined;
  /** Wraps each call's work (tracing uses it to put every call in a span). */
  readonly wrapCall?:
    | ((
        call: FunctionCall,
        work: Effect.Effect<ToolCallRecord, ToolFailed>,
      ) => Effect.Effect<ToolCallRecord, ToolFailed>)
    | undefined;
}

interface Outcome {
  readonly arguments: unknown;
  readonly output: string;
  readonly isError: boolean;
}

class CallTimedOut {
  constructor(readonly timeoutMs: number) {}
}

const defaultConcurrency = 4;

function runHandler(
  tool: Tool,
  call: FunctionCall,
  args: unknown,
  options: RunToolCallsOptions,
): Effect.Effect<Outcome, ToolFailed> {
  const context = {
    callId: call.call_id,
    toolName: tool.name,
    turnId: options.turnId,
    conversationId: options.conversationId,
  };
  const run = tool.invoke(args, context);
  const timed =
    tool.timeoutMs === undefined
      ? run
      : Effect.timeoutOrElse(run, {
          duration: tool.timeoutMs,
          orElse: () => Effect.fail(new CallTimedOut(tool.timeoutMs ?? 0)),
        });
  return Effect.flatMap(Effect.exit(timed), (exit): Effect.Effect<Outcome, ToolFailed> => {
    let detail: string;
    if (Exit.isSuccess(exit)) {
      try {
        return Effect.succeed({
          arguments: args,
          output: serializeToolOutput(exit.value),
          isError: false,
        });
      } catch (error) {
        detail = `its result cannot be sent: ${describeFailure(error)}`;
      }
    } else {
      const failure = Cause.squash(exit.cause);
      detail =
        failure instanceof CallTimedOut
          ? `timed out after ${failure.timeoutMs} ms`
          : Cause.hasInterruptsOnly(exit.cause)
            ? 'it was interrupted'
            : describeFailure(failure);
    }
    if (tool.onError === 'fail') {
      return Effect.fail(
        new ToolFailed({
          toolName: tool.name,
          callId: call.call_id,
          detail,
          turnId: options.turnId,
        }),
      );
    }
    return Effect.succeed({
      arguments: args,
      output: errorOutput(`Tool ${tool.name} failed: ${detail}.`),
      isError: true,
    });
  });
}

function evaluate(
  call: FunctionCall,
  byName: ReadonlyMap<string, Tool>,
  options: RunToolCallsOptions,
): Effect.Effect<Outcome, ToolFailed> {
  const tool = byName.get(call.name);
  const parsed = parseArguments(call.arguments);
  const rawArguments = parsed.ok ? parsed.value : undefined;
  if (tool === undefined) {
    const available = [...byName.keys()].join(', ') || '(none)';
    const detail = `there is no tool named ${JSON.stringify(call.name)}; available tools: ${available}`;
    if (options.onUnknownTool === 'fail') {
      return Effect.fail(
        new ToolFailed({
          toolName: call.name,
          callId: call.call_id,
          detail,
          turnId: options.turnId,
        }),
      );
    }
    return Effect.succeed({
      arguments: rawArguments,
      output: errorOutput(
        `Unknown tool ${JSON.stringify(call.name)}. Available tools: ${available}.`,
      ),
      isError: true,
    });
  }
  const decoded = parsed.ok
    ? tool.decode(parsed.value)
    : { ok: false as const, issues: [parsed.issue] };
  if (!decoded.ok) {
    if (tool.onInvalidArguments === 'fail') {
      const detail = `invalid arguments (${decoded.issues.join('; ')})`;
      return Effect.fail(
        new ToolFailed({
          toolName: tool.name,
          callId: call.call_id,
          detail,
          turnId: options.turnId,
        }),
      );
    }
    return Effect.succeed({
      arguments: rawArguments,
      output: errorOutput(`Invalid arguments for tool ${tool.name}; fix them and call it again.`, {
        issues: decoded.issues,
      }),
      isError: true,
    });
  }
  return runHandler(tool, call, decoded.value, options);
}

/** Runs `work` until `signal` aborts; then interrupts it and fails with `Cancelled`. */
function untilAborted<A, E>(
  work: Effect.Effect<A, E>,
  signal: AbortSignal,
  turnId: string | undefined,
): Effect.Effect<A, E | Cancelled> {
  const cancelled = () => new Cancelled({ turnId, reason: 'the tool calls were aborted' });
  const aborted = Effect.callback<never, Cancelled>((resume) => {
    const onAbort = () => resume(Effect.fail(cancelled()));
    signal.addEventListener('abort', onAbort, { once: true });
    return Effect.sync(() => signal.removeEventListener('abort', onAbort));
  });
  return Effect.suspend(() =>
    signal.aborted ? Effect.fail(cancelled()) : Effect.raceFirst(work, aborted),
  );
}

/**
 * Runs every `function_call` among `items` with the matching tool, at most `concurrency` at a time,
 * and answers each with a `function_call_output` item, in call order.
 *
 * Details: arguments are parsed as JSON and validated; unknown tools, invalid arguments and handler
 * failures become error outputs (`{"error": …}` JSON text, plus `issues` for invalid arguments) or
 * fail with `ToolFailed`, per the tool's policies and `onUnknownTool`. A `ToolFailed` stops the
 * run and interrupts the other calls (their signals abort). Calls are matched by position, never
 * by `call_id`, which repeats across responses on some servers.
 *
 * @example
 * const { items, records } = yield* runToolCalls(response.output, [weather], { concurrency: 2 });
 */
export function runToolCalls(
  items: Iterable<OutputItem | InputItem>,
  tools: readonly Tool[],
  options: RunToolCallsOptions = {},
): Effect.Effect<ToolCallsResult, ToolFailed | Cancelled> {
  const work = Effect.suspend(() => {
    const byName = indexTools(tools);
    const calls = functionCallsOf(items);
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency));
    return Effect.forEach(
      calls,
      (call) => {
        const work = Effect.gen(function* () {
          const startedMs = yield* Clock.currentTimeMillis;
          const outcome = yield* evaluate(call, byName, options);
          const endedMs = yield* Clock.currentTimeMillis;
          const record: ToolCallRecord = {
            callId: call.call_id,
            name: call.name,
            arguments: outcome.arguments,
            output: outcome.output,
            isError: outcome.isError,
            durationMs: endedMs - startedMs,
          };
          return record;
        });
        return options.wrapCall === undefined ? work : options.wrapCall(call, work);
      },
      { concurrency },
    );
  }).pipe(
    Effect.map((records) => ({
      records,
      items: records.map((record): FunctionCallOutput => ({
        type: 'function_call_output',
        call_id: record.callId,
        output: record.output,
      })),
    })),
  );
  const signal = options.signal;
  return signal === undefined ? work : untilAborted(work, signal, options.turnId);
}
