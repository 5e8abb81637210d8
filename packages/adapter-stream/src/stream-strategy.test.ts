import { defineTool, type ExecutionStrategy, type SendEvent, type TurnEvent } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { streamStrategy } from './stream-strategy.js';
import { streamEnv, words, type StreamEnv } from './test-support.js';

let env: StreamEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

async function collect(events: AsyncIterable<SendEvent>): Promise<SendEvent[]> {
  const out: SendEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const deltas = (events: readonly SendEvent[], kind?: string) =>
  events.filter(
    (e): e is Extract<TurnEvent, { type: 'delta' }> =>
      e.type === 'delta' && (kind === undefined || e.kind === kind),
  );

describe('streamStrategy through createWeft', () => {
  it('streams text deltas in order and stores the turn, its events and first-token time', async () => {
    const text = words(40);
    env = await streamEnv({ script: { rules: [{ reply: { text } }] } });
    const convo = await env.weft.conversation();
    const handle = convo.send('Tell me something');
    const seen: SendEvent[] = [];
    for await (const event of handle.events()) {
      seen.push(event);
      // A slow consumer: the producer keeps going, the consumer still sees every event in order.
      if (seen.length % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const result = await handle.result;
    expect(result.text).toBe(text);
    const types = seen.map((e) => e.type);
    expect(types[0]).toBe('turn.started');
    expect(types[1]).toBe('created');
    expect(types.at(-1)).toBe('completed');
    const textDeltas = deltas(seen, 'text');
    expect(textDeltas.length).toBeGreaterThan(10);
    expect(textDeltas.map((d) => d.delta).join('')).toBe(text);
    expect(new Set(textDeltas.map((d) => d.itemId)).size).toBe(1);

    const turn = await run(env.stores.turns.getTurn(result.turn.id));
    expect(turn.status).toBe('completed');
    expect(turn.partial).toBe(false);
    expect(turn.executionStrategy).toBe('stream');
    expect(turn.timings.firstTokenAt).toBeTypeOf('number');
    const log = await run(env.stores.turns.readEvents(turn.id, 0));
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));
    expect(log.map((e) => e.event)).toEqual(seen.filter((e) => e.type !== 'turn.started'));
  });

  it('applies backpressure: a paused reader pauses the stream, and nothing is lost', async () => {
    const text = words(3000);
    let produced = 0;
    const strategy = streamStrategy();
    // Counts what the strategy emits, before any reader sees it.
    const counting: ExecutionStrategy = {
      name: 'stream',
      run: (params, context) =>
        strategy.run(params, {
          ...context,
          emit: (event) => {
            produced++;
            context.emit(event);
          },
        }),
    };
    env = await streamEnv({
      script: { rules: [{ reply: { text } }] },
      weft: { strategies: { stream: counting } },
    });
    const convo = await env.weft.conversation();
    const handle = convo.send('A long answer, please');
    const iterator = handle.events()[Symbol.asyncIterator]();
    await iterator.next();
    // Wait until the producer stops making progress while the reader is paused.
    let last = -1;
    while (produced !== last) {
      last = produced;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(convo.state).toBe('running');
    expect(produced).toBeLessThan(1000);
    const rest: SendEvent[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      rest.push(next.value);
    }
    expect(produced).toBeGreaterThan(3000);
    expect(
      deltas(rest, 'text')
        .map((d) => d.delta)
        .join(''),
    ).toBe(text);
    await expect(handle.result).resolves.toMatchObject({ status: 'completed' });
  });

  it('reports function-argument deltas and runs the tool loop on the streamed call', async () => {
    env = await streamEnv({
      script: {
        rules: [
          { match: { functionOutput: { name: 'weather' } }, reply: { text: 'It is {{output}}.' } },
          {
            reply: {
              functionCalls: [{ name: 'weather', arguments: { city: 'Paris', unit: 'celsius' } }],
            },
          },
        ],
      },
    });
    const weather = defineTool<{ city: string; unit: string }>({
      name: 'weather',
      description: 'Weather of a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string' } },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
      execute: ({ city }) => `sunny in ${city}`,
    });
    const convo = await env.weft.conversation({ tools: [weather] });
    const handle = convo.send('Weather in Paris?');
    const seen = await collect(handle.events());
    const result = await handle.result;
    expect(result.text).toBe('It is sunny in Paris.');
    const args = deltas(seen, 'function_arguments');
    expect(args.length).toBeGreaterThan(2);
    expect(JSON.parse(args.map((d) => d.delta).join(''))).toEqual({
      city: 'Paris',
      unit: 'celsius',
    });
    const call = seen.find((e) => e.type === 'item.done' && e.item.type === 'function_call');
    expect(call).toBeDefined();
    expect(result.turns).toHaveLength(2);
  });

  it('reports reasoning summary and clear-text reasoning deltas', async () => {
    env = await streamEnv({
      script: {
        rules: [
          {
            match: { input: 'summary' },
            reply: { reasoning: { summary: ['First I think.', 'Then I answer.'] }, text: 'Done.' },
          },
          { reply: { reasoning: { text: 'Let me reason step by step.' }, text: 'Ok.' } },
        ],
      },
    });
    const convo = await env.weft.conversation();
    const first = convo.send('summary please');
    const a = await collect(first.events());
    await first.result;
    expect(
      deltas(a, 'reasoning_summary')
        .map((d) => d.delta)
        .join(''),
    ).toBe('First I think.Then I answer.');
    const second = convo.send('plain');
    const b = await collect(second.events());
    const result = await second.result;
    expect(
      deltas(b, 'reasoning')
        .map((d) => d.delta)
        .join(''),
    ).toBe('Let me reason step by step.');
    expect(result.text).toBe('Ok.');
    expect(result.output[0]?.type).toBe('reasoning');
  });

  it('ends incomplete at the output limit with the cut output', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(200) } }] } });
    const convo = await env.weft.conversation({ params: { max_output_tokens: 20 } });
    const handle = convo.send('long please');
    const seen = await collect(handle.events());
    const result = await handle.result;
    expect(result.status).toBe('incomplete');
    const end = seen.at(-1);
    expect(end).toMatchObject({ type: 'incomplete', reason: 'max_output_tokens' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.text.length).toBeLessThan(words(200).length);
  });
});
