import { Effect, Fiber } from 'effect';
import { TestClock } from 'effect/testing';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../domain/events.js';
import { InvalidRequest, StorageError } from '../errors.js';
import { makeMemoryTurnStore } from '../memory/memory-turn-store.js';
import type { StrategyContext } from '../ports/execution-strategy.js';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import { fixedClock } from '../services/clock.js';
import { blockingStrategy } from './blocking.js';
import { isTerminalResponse, terminalEvent } from './terminal-event.js';

function response(status: Response['status'], extra: Partial<Response> = {}): Response {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1,
    status,
    model: 'scripted',
    output: [
      { id: 'rs_1', type: 'reasoning', summary: [] },
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'hi', annotations: [] }],
      },
    ],
    output_text: 'hi',
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: null,
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    ...extra,
  } as Response;
}

function fakeClient(create: ResponsesClientShape['create']): ResponsesClientShape {
  const unused = () => {
    throw new Error('not used');
  };
  return {
    provider: 'fake',
    create,
    stream: unused,
    retrieve: unused,
    retrieveStream: unused,
    cancel: unused,
    delete: unused,
    inputItems: unused,
    createConversation: unused,
    deleteConversation: unused,
  };
}

/** A memory store whose recordResponseId is logged into the same timeline as emitted events. */
async function setup(client: ResponsesClientShape, timeoutMs?: number) {
  const memory = makeMemoryTurnStore();
  const timeline: string[] = [];
  const events: TurnEvent[] = [];
  const store: TurnStoreShape = {
    ...memory,
    recordResponseId: (turnId, responseId, at) =>
      Effect.tap(memory.recordResponseId(turnId, responseId, at), () =>
        Effect.sync(() => timeline.push(`store:${responseId}@${at}`)),
      ),
  };
  await Effect.runPromise(memory.createConversation({ id: 'conv_1', createdAt: 0 }));
  await Effect.runPromise(
    memory.beginTurn({
      id: 'turn_1',
      conversationId: 'conv_1',
      parentId: null,
      request: { input: [], params: { model: 'scripted' } },
      contextStrategy: 'local',
      executionStrategy: 'blocking',
      createdAt: 0,
    }),
  );
  const clock = fixedClock(1000, 1);
  const context: StrategyContext = {
    turnId: 'turn_1',
    conversationId: 'conv_1',
    client,
    store,
    jobs: undefined,
    now: clock.now,
    emit: (event) => {
      events.push(event);
      timeline.push(`emit:${event.type}`);
    },
    timeoutMs,
  };
  return { memory, store, context, timeline, events };
}

describe('blockingStrategy', () => {
  it('records the response id before emitting anything, then created, item.done and completed', async () => {
    const client = fakeClient(() => Effect.succeed(response('completed')));
    const { context, timeline, events, memory } = await setup(client);
    const strategy = blockingStrategy();
    expect(strategy.name).toBe('blocking');
    const result = await Effect.runPromise(
      strategy.run({ model: 'scripted', input: 'hi' }, context),
    );
    expect(result.id).toBe('resp_1');
    expect(timeline).toEqual([
      'store:resp_1@1000',
      'emit:created',
      'emit:item.done',
      'emit:item.done',
      'emit:completed',
    ]);
    expect(events[0]).toEqual({
      type: 'created',
      turnId: 'turn_1',
      responseId: 'resp_1',
      status: 'completed',
    });
    expect(
      events.slice(1, 3).map((e) => (e.type === 'item.done' ? [e.outputIndex, e.item.id] : e)),
    ).toEqual([
      [0, 'rs_1'],
      [1, 'msg_1'],
    ]);
    expect((await Effect.runPromise(memory.getTurn('turn_1'))).responseId).toBe('resp_1');
  });

  it('resolves with failed and incomplete responses and emits their terminal events', async () => {
    const failed = response('failed', {
      error: { code: 'server_error', message: 'model crashed' },
    });
    const a = await setup(fakeClient(() => Effect.succeed(failed)));
    expect(
      (await Effect.runPromise(blockingStrategy().run({ model: 'm' }, a.context))).status,
    ).toBe('failed');
    expect(a.events.at(-1)).toMatchObject({
      type: 'failed',
      code: 'server_error',
      message: 'model crashed',
    });

    const incomplete = response('incomplete', {
      incomplete_details: { reason: 'max_output_tokens' },
    });
    const b = await setup(fakeClient(() => Effect.succeed(incomplete)));
    await Effect.runPromise(blockingStrategy().run({ model: 'm' }, b.context));
    expect(b.events.at(-1)).toMatchObject({ type: 'incomplete', reason: 'max_output_tokens' });
  });

  it('emits nothing when the call fails, or when the id cannot be stored', async () => {
    const rejected = new InvalidRequest({
      status: 400,
      code: undefined,
      param: undefined,
      detail: 'x',
      requestId: undefined,
    });
    const a = await setup(fakeClient(() => Effect.fail(rejected)));
    expect(
      await Effect.runPromise(Effect.flip(blockingStrategy().run({ model: 'm' }, a.context))),
    ).toBe(rejected);
    expect(a.timeline).toEqual([]);

    const b = await setup(fakeClient(() => Effect.succeed(response('completed'))));
    const broken = new StorageError({ operation: 'recordResponseId', detail: 'disk full' });
    const context = {
      ...b.context,
      store: { ...b.store, recordResponseId: () => Effect.fail(broken) },
    };
    expect(
      await Effect.runPromise(Effect.flip(blockingStrategy().run({ model: 'm' }, context))),
    ).toBe(broken);
    expect(b.events).toEqual([]);
  });

  it('applies timeoutMs: Timeout, the call interrupted, nothing emitted', async () => {
    let interrupted = false;
    let passed: number | undefined;
    const client = fakeClient((_params, options) => {
      passed = options?.timeoutMs;
      return Effect.onInterrupt(Effect.never, () => Effect.sync(() => (interrupted = true)));
    });
    const { context, timeline } = await setup(client, 250);
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        Effect.flip(blockingStrategy().run({ model: 'm' }, context)),
      );
      yield* TestClock.adjust(250);
      return yield* Fiber.join(fiber);
    });
    const error = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
    expect(error).toMatchObject({ _tag: 'Timeout', timeoutMs: 250, operation: 'responses.create' });
    expect(interrupted).toBe(true);
    expect(passed).toBe(250);
    expect(timeline).toEqual([]);
  });
});

describe('terminalEvent', () => {
  it('maps every terminal status and leaves running ones undefined', () => {
    expect(terminalEvent('t', response('completed'))).toMatchObject({
      type: 'completed',
      turnId: 't',
    });
    expect(terminalEvent('t', response('incomplete'))).toMatchObject({
      type: 'incomplete',
      reason: 'unknown',
    });
    expect(terminalEvent('t', response('failed'))).toMatchObject({
      type: 'failed',
      code: undefined,
    });
    expect(terminalEvent('t', response('cancelled'))).toEqual({
      type: 'cancelled',
      turnId: 't',
      responseId: 'resp_1',
    });
    expect(terminalEvent('t', response('in_progress'))).toBeUndefined();
    expect(terminalEvent('t', response('queued'))).toBeUndefined();
    expect(isTerminalResponse(response('completed'))).toBe(true);
    expect(isTerminalResponse(response('queued'))).toBe(false);
  });
});
