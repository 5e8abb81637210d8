import { Effect } from 'effect';
import type { Response } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../domain/events.js';
import type { ExecutionStrategy, StrategyContext } from '../ports/execution-strategy.js';
import { terminalEvent } from '../strategy/terminal-event.js';
import type { SendEvent } from './turn-handle.js';
import { localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function completed(id: string, text: string): Response {
  return {
    id,
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'scripted-1',
    output: [
      {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    output_text: text,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: null,
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
  } as unknown as Response;
}

const delta = (turnId: string, text: string): TurnEvent => ({
  type: 'delta',
  turnId,
  kind: 'text',
  itemId: 'msg_1',
  outputIndex: 0,
  delta: text,
});

/**
 * A streaming strategy that reports deltas at once (before anything is awaited), after a pause,
 * and in the same step as its result, then reports its terminal event.
 */
function eagerStrategy(words: readonly string[]): ExecutionStrategy {
  return {
    name: 'stream',
    run: (_params, context: StrategyContext) =>
      Effect.gen(function* () {
        const id = `resp_${context.turnId}`;
        yield* context.store.recordResponseId(context.turnId, id, context.now());
        context.emit({
          type: 'created',
          turnId: context.turnId,
          responseId: id,
          status: 'in_progress',
        });
        const [first, ...rest] = words;
        if (first !== undefined) context.emit(delta(context.turnId, first));
        yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)));
        for (const word of rest) context.emit(delta(context.turnId, word));
        const response = completed(id, words.join(''));
        const terminal = terminalEvent(context.turnId, response);
        if (terminal !== undefined) context.emit(terminal);
        return response;
      }),
  };
}

async function collect(events: AsyncIterable<SendEvent>): Promise<SendEvent[]> {
  const out: SendEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('turn events go from the run straight to the send’s reader', () => {
  it('keeps order: turn.started, then every event of the turn, then the end; nothing after it', async () => {
    env = await localWeft({
      weft: {
        strategies: { stream: eagerStrategy(['a', 'b', 'c']) },
        defaults: { model: 'scripted-1', execution: 'stream' },
      },
    });
    const convo = await env.weft.conversation();
    const machineEvents: string[] = [];
    convo.actor.on('*', (e) => machineEvents.push(e.type));
    const handle = convo.send('hi');
    const events = await collect(handle.events());
    const result = await handle.result;
    expect(events.map((e) => e.type)).toEqual([
      'turn.started',
      'created',
      'delta',
      'delta',
      'delta',
      'completed',
    ]);
    expect(events.filter((e) => e.type === 'delta').map((e) => e.delta)).toEqual(['a', 'b', 'c']);
    expect(result.text).toBe('abc');
    // The machine saw its own events only; the deltas never went through it.
    expect(machineEvents).not.toContain('turn.event');
    expect(machineEvents.at(-1)).toBe('send.finished');
  });

  it('delivers each send’s events to that send only, across consecutive sends', async () => {
    env = await localWeft({
      weft: {
        strategies: { stream: eagerStrategy(['x', 'y']) },
        defaults: { model: 'scripted-1', execution: 'stream' },
      },
    });
    const convo = await env.weft.conversation();
    const first = convo.send('one');
    const firstEvents = await collect(first.events());
    await first.result;
    const second = convo.send('two');
    const secondEvents = await collect(second.events());
    const turnIds = (events: readonly SendEvent[]) =>
      new Set(events.map((e) => ('turnId' in e ? e.turnId : undefined)));
    expect(turnIds(firstEvents).size).toBe(1);
    expect(turnIds(secondEvents).size).toBe(1);
    expect([...turnIds(firstEvents)]).not.toEqual([...turnIds(secondEvents)]);
    expect(secondEvents.filter((e) => e.type === 'delta')).toHaveLength(2);
  });

  it('says nothing more once the turn is cancelled', async () => {
    let release: (() => void) | undefined;
    let emitLate: (() => void) | undefined;
    const stalling: ExecutionStrategy = {
      name: 'stream',
      run: (_params, context) =>
        Effect.gen(function* () {
          context.emit(delta(context.turnId, 'early'));
          emitLate = () => context.emit(delta(context.turnId, 'late'));
          yield* Effect.promise(() => new Promise<void>((resolve) => (release = resolve)));
          return completed(`resp_${context.turnId}`, 'early');
        }),
    };
    env = await localWeft({
      weft: {
        strategies: { stream: stalling },
        defaults: { model: 'scripted-1', execution: 'stream' },
      },
    });
    const convo = await env.weft.conversation();
    const handle = convo.send('hi');
    const seen: SendEvent[] = [];
    const reading = (async () => {
      for await (const event of handle.events()) seen.push(event);
    })().catch((error: unknown) => error);
    while (emitLate === undefined) await new Promise((resolve) => setImmediate(resolve));
    handle.cancel('test');
    emitLate();
    release?.();
    await expect(handle.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    await reading;
    expect(seen.filter((e) => e.type === 'delta').map((e) => e.delta)).toEqual(['early']);
  });
});
