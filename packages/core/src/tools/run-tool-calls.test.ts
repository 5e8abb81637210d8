import { Effect, Fiber } from 'effect';
import { TestClock } from 'effect/testing';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { Cancelled, ToolFailed } from '../errors.js';
import type { InputItem, OutputItem } from '../domain/items.js';
import { defineTool, type ToolPolicy } from './define-tool.js';
import { runToolCalls } from './run-tool-calls.js';
import { runToolCallsPromise } from './run-tool-calls-promise.js';

const call = (name: string, args: unknown, callId: string): ResponseFunctionToolCall => ({
  type: 'function_call',
  call_id: callId,
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
  status: 'completed',
});

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers.',
  parameters: z.object({ a: z.number(), b: z.number().optional() }),
  execute: ({ a, b }) => ({ sum: a + (b ?? 0) }),
});

/** A handler that never settles by itself and records whether its signal aborted. */
function hanging(name: string, options: { timeoutMs?: number; onError?: ToolPolicy } = {}) {
  const seen: { aborted: boolean; started: number } = { aborted: false, started: 0 };
  const tool = defineTool({
    name,
    description: 'Never finishes.',
    parameters: z.object({}),
    ...options,
    execute: (_args, { signal }) =>
      new Promise((_resolve, reject) => {
        seen.started++;
        signal.addEventListener('abort', () => {
          seen.aborted = true;
          reject(new Error('aborted'));
        });
      }),
  });
  return { tool, seen };
}

function failing(onError: ToolPolicy) {
  return defineTool({
    name: 'explode',
    description: 'Always throws.',
    parameters: z.object({}),
    onError,
    execute: () => {
      throw new Error('kaboom');
    },
  });
}

describe('runToolCalls', () => {
  it('answers each call in order and ignores other items', async () => {
    const message: OutputItem = {
      type: 'message',
      id: 'msg_1',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'hi', annotations: [] }],
    };
    const result = await runToolCallsPromise(
      [call('add', { a: 1, b: 2 }, 'call_0'), message, call('add', { a: 5, b: null }, 'call_1')],
      [add],
    );
    expect(result.items).toEqual([
      { type: 'function_call_output', call_id: 'call_0', output: '{"sum":3}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"sum":5}' },
    ]);
    expect(result.records.map((r) => [r.callId, r.name, r.arguments, r.isError])).toEqual([
      ['call_0', 'add', { a: 1, b: 2 }, false],
      ['call_1', 'add', { a: 5 }, false],
    ]);
    expectTypeOf(result.items[0]!).toExtend<InputItem>();
  });

  it('matches calls by position, so repeated call ids are fine', async () => {
    const result = await runToolCallsPromise(
      [call('add', { a: 1 }, 'call_0'), call('add', { a: 2 }, 'call_0')],
      [add],
    );
    expect(result.items.map((item) => item.output)).toEqual(['{"sum":1}', '{"sum":2}']);
  });

  describe('two parallel calls where one fails', () => {
    it("under 'return' the failure becomes an error output beside the success", async () => {
      const result = await runToolCallsPromise(
        [call('explode', {}, 'call_0'), call('add', { a: 1 }, 'call_1')],
        [failing('return'), add],
      );
      expect(result.records.map((r) => r.isError)).toEqual([true, false]);
      expect(JSON.parse(result.items[0]!.output)).toEqual({
        error: 'Tool explode failed: kaboom.',
      });
      expect(result.items[1]!.output).toBe('{"sum":1}');
    });

    it("under 'fail' the run fails with ToolFailed and the sibling is interrupted", async () => {
      const { tool, seen } = hanging('wait');
      const error = await runToolCallsPromise(
        [call('wait', {}, 'call_0'), call('explode', {}, 'call_1')],
        [tool, failing('fail')],
        { turnId: 'turn_1' },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolFailed);
      expect(error).toMatchObject({
        toolName: 'explode',
        callId: 'call_1',
        detail: 'kaboom',
        turnId: 'turn_1',
      });
      expect(seen.started).toBe(1);
      expect(seen.aborted).toBe(true);
    });
  });

  it('never runs more handlers at once than the concurrency limit', async () => {
    const gates: Array<() => void> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const gated = defineTool({
      name: 'gated',
      description: 'Waits for the test.',
      parameters: z.object({ i: z.number() }),
      execute: async ({ i }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => gates.push(resolve));
        inFlight--;
        return i;
      },
    });
    const calls = Array.from({ length: 7 }, (_, i) => call('gated', { i }, `call_${i}`));
    const run = runToolCallsPromise(calls, [gated], { concurrency: 3 });
    for (let released = 0; released < calls.length; released++) {
      await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
      await vi.waitFor(() => expect(inFlight).toBe(Math.min(3, calls.length - released)));
      gates.shift()!();
    }
    const result = await run;
    expect(maxInFlight).toBe(3);
    expect(result.items.map((item) => item.output)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('runs four handlers at once by default', async () => {
    const gates: Array<() => void> = [];
    let inFlight = 0;
    const gated = defineTool({
      name: 'gated',
      description: 'Waits for the test.',
      parameters: z.object({}),
      execute: async () => {
        inFlight++;
        await new Promise<void>((resolve) => gates.push(resolve));
        return 'done';
      },
    });
    const run = runToolCallsPromise(
      Array.from({ length: 6 }, (_, i) => call('gated', {}, `call_${i}`)),
      [gated],
    );
    await vi.waitFor(() => expect(gates.length).toBe(4));
    expect(inFlight).toBe(4);
    while (gates.length > 0 || inFlight < 6) {
      await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
      gates.shift()!();
    }
    await run;
    expect(inFlight).toBe(6);
  });

  describe('invalid arguments', () => {
    it("answers invalid JSON with a readable error under 'return'", async () => {
      const result = await runToolCallsPromise([call('add', '{"a": 1', 'call_0')], [add]);
      const output = JSON.parse(result.items[0]!.output) as { error: string; issues: string[] };
      expect(output.error).toBe('Invalid arguments for tool add; fix them and call it again.');
      expect(output.issues[0]).toMatch(/^\(root\): the arguments are not valid JSON/);
      expect(result.records[0]).toMatchObject({ isError: true, arguments: undefined });
    });

    it('answers schema failures with issue paths', async () => {
      const result = await runToolCallsPromise([call('add', { a: 'one', b: 2 }, 'call_0')], [add]);
      expect(JSON.parse(result.items[0]!.output)).toEqual({
        error: 'Invalid arguments for tool add; fix them and call it again.',
        issues: ['a: expected number, received string'],
      });
      expect(result.records[0]!.arguments).toEqual({ a: 'one', b: 2 });
    });

    it("fails with ToolFailed under 'fail'", async () => {
      const strictAdd = defineTool({ ...addConfig(), onInvalidArguments: 'fail' });
      const error = await runToolCallsPromise(
        [call('add', 'not json', 'call_0')],
        [strictAdd],
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolFailed);
      expect((error as ToolFailed).detail).toMatch(
        /^invalid arguments \(\(root\): the arguments are not valid JSON/,
      );
    });

    it('treats empty arguments as an empty object', async () => {
      const noArgs = defineTool({
        name: 'ping',
        description: 'd',
        parameters: z.object({}),
        execute: () => 'pong',
      });
      const result = await runToolCallsPromise([call('ping', '', 'call_0')], [noArgs]);
      expect(result.items[0]!.output).toBe('pong');
    });
  });

  describe('unknown tools', () => {
    it('answer with an error output naming the available tools', async () => {
      const result = await runToolCallsPromise([call('nope', {}, 'call_0')], [add]);
      expect(JSON.parse(result.items[0]!.output)).toEqual({
        error: 'Unknown tool "nope". Available tools: add.',
      });
      expect(result.records[0]!.isError).toBe(true);
    });

    it("fail with ToolFailed when onUnknownTool is 'fail'", async () => {
      const error = await runToolCallsPromise([call('nope', {}, 'call_0')], [add], {
        onUnknownTool: 'fail',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolFailed);
      expect(error).toMatchObject({ toolName: 'nope', callId: 'call_0' });
    });
  });

  describe('outputs', () => {
    it('sends strings as they are, other values as JSON, and unserialisable results as errors', async () => {
      const echo = defineTool({
        name: 'echo',
        description: 'd',
        parameters: z.object({
          kind: z.enum(['string', 'undefined', 'bigint', 'effect', 'effectFail']),
        }),
        execute: ({ kind }) => {
          if (kind === 'string') return 'plain text';
          if (kind === 'undefined') return undefined;
          if (kind === 'bigint') return { n: 1n };
          if (kind === 'effect') return Effect.succeed([1, 2]);
          return Effect.fail(new Error('effect failed'));
        },
      });
      const kinds = ['string', 'undefined', 'bigint', 'effect', 'effectFail'];
      const result = await runToolCallsPromise(
        kinds.map((kind, i) => call('echo', { kind }, `call_${i}`)),
        [echo],
      );
      expect(result.items.map((item) => item.output)).toEqual([
        'plain text',
        'null',
        expect.stringMatching(/^\{"error":"Tool echo failed: its result cannot be sent: .*BigInt/),
        '[1,2]',
        '{"error":"Tool echo failed: effect failed."}',
      ]);
    });
  });

  describe('cancellation', () => {
    it('fails with Cancelled and aborts running handlers when the signal aborts', async () => {
      const { tool, seen } = hanging('wait');
      const controller = new AbortController();
      const run = runToolCallsPromise([call('wait', {}, 'call_0')], [tool], {
        signal: controller.signal,
        turnId: 't1',
      });
      await vi.waitFor(() => expect(seen.started).toBe(1));
      controller.abort();
      const error = await run.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cancelled);
      expect(error).toMatchObject({ turnId: 't1' });
      expect(seen.aborted).toBe(true);
    });

    it('runs nothing when the signal is already aborted', async () => {
      const { tool, seen } = hanging('wait');
      const error = await runToolCallsPromise([call('wait', {}, 'call_0')], [tool], {
        signal: AbortSignal.abort(),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cancelled);
      expect(seen.started).toBe(0);
    });

    it('aborts handler signals when the Effect is interrupted', async () => {
      const { tool, seen } = hanging('wait');
      await Effect.runPromise(
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(runToolCalls([call('wait', {}, 'call_0')], [tool]));
          yield* Effect.promise(() => vi.waitFor(() => expect(seen.started).toBe(1)));
          yield* Fiber.interrupt(fiber);
        }),
      );
      expect(seen.aborted).toBe(true);
    });
  });

  describe('timeouts', () => {
    const runWithClock = <A, E>(effect: Effect.Effect<A, E>, advanceMs: number) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Effect.result(effect));
          yield* TestClock.adjust(advanceMs);
          return yield* Fiber.join(fiber);
        }).pipe(Effect.provide(TestClock.layer())),
      );

    it("answers a timed-out call with an error output under 'return'", async () => {
      const { tool, seen } = hanging('slow', { timeoutMs: 1000 });
      const result = await runWithClock(
        runToolCalls([call('slow', {}, 'call_0'), call('add', { a: 1 }, 'call_1')], [tool, add]),
        1000,
      );
      expect(result._tag).toBe('Success');
      if (result._tag !== 'Success') return;
      expect(JSON.parse(result.success.items[0]!.output)).toEqual({
        error: 'Tool slow failed: timed out after 1000 ms.',
      });
      expect(result.success.records.map((r) => [r.isError, r.durationMs])).toEqual([
        [true, 1000],
        [false, 0],
      ]);
      expect(seen.aborted).toBe(true);
    });

    it("fails with ToolFailed under 'fail'", async () => {
      const { tool } = hanging('slow', { timeoutMs: 50, onError: 'fail' });
      const result = await runWithClock(runToolCalls([call('slow', {}, 'call_0')], [tool]), 50);
      expect(result._tag).toBe('Failure');
      if (result._tag !== 'Failure') return;
      expect(result.failure).toBeInstanceOf(ToolFailed);
      expect(result.failure).toMatchObject({ detail: 'timed out after 50 ms' });
    });
  });

  it('refuses tool sets with duplicate names', async () => {
    await expect(runToolCallsPromise([], [add, add])).rejects.toThrow(/Two tools are named add/);
  });
});

function addConfig() {
  return {
    name: 'add',
    description: 'Adds two numbers.',
    parameters: z.object({ a: z.number(), b: z.number().optional() }),
    execute: ({ a, b }: { a: number; b?: number | undefined }) => ({ sum: a + (b ?? 0) }),
  };
}
