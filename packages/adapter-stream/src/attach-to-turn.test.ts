import type { StoredEvent, TurnEvent } from '@weft/core';
import { Effect, Stream } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { attachToTurn, attachToTurnStream } from './attach-to-turn.js';
import { streamEnv, tempDatabase, words, type StreamEnv } from './test-support.js';
import { TurnEventBus } from './turn-event-bus.js';

let env: StreamEnv | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
  cleanup?.();
  cleanup = undefined;
});

async function read(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const contiguous = (events: readonly StoredEvent[], from: number) =>
  expect(events.map((e) => e.index)).toEqual(events.map((_, i) => from + i));

/** Starts a send and resolves with its turn id as soon as the turn is created. */
async function startTurn(
  target: StreamEnv,
  input = 'Hello',
): Promise<{ turnId: string; done: Promise<unknown> }> {
  const convo = await target.weft.conversation();
  const handle = convo.send(input);
  const iterator = handle.events()[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) throw new Error('the send ended before its turn was created');
    const event = next.value as TurnEvent | { type: string };
    if (event.type === 'created') {
      const turnId = (event as Extract<TurnEvent, { type: 'created' }>).turnId;
      // Settles with the result or the error, never rejects: the tests look at the store.
      const done = (async () => {
        try {
          for (let r = await iterator.next(); r.done !== true; r = await iterator.next());
          return await handle.result;
        } catch (error) {
          return error;
        }
      })();
      return { turnId, done };
    }
  }
}

describe('attachToTurn', () => {
  it('replays a finished turn from index 0 and from the middle, then ends', async () => {
    env = await streamEnv({ script: { rules: [{ reply: { text: words(30) } }] } });
    const { turnId, done } = await startTurn(env);
    await done;
    const all = await read(attachToTurn({ store: env.stores.turns, turnId }));
    contiguous(all, 0);
    expect(all[0]?.event.type).toBe('created');
    expect(all.at(-1)?.event.type).toBe('completed');
    const tail = await read(attachToTurn({ store: env.stores.turns, turnId, fromIndex: 10 }));
    contiguous(tail, 10);
    expect(tail).toEqual(all.slice(10));
  });

  it('follows an in-flight turn live from 0 and from the middle, through the in-process bus', async () => {
    env = await streamEnv({
      script: { rules: [{ reply: { text: words(40) }, faults: { delayBetweenMs: 8 } }] },
      stream: { flushEveryEvents: 4, flushIntervalMs: 20 },
    });
    const { turnId, done } = await startTurn(env);
    // A long poll interval: only the bus can make these readers see events while the turn runs.
    const fromStart = read(
      attachToTurn({ store: env.stores.turns, turnId, pollIntervalMs: 60_000 }),
    );
    await new Promise((r) => setTimeout(r, 120));
    const fromMiddle = read(
      attachToTurn({ store: env.stores.turns, turnId, fromIndex: 5, pollIntervalMs: 60_000 }),
    );
    await done;
    const [a, b] = await Promise.all([fromStart, fromMiddle]);
    const log = await Effect.runPromise(env.stores.turns.readEvents(turnId, 0));
    expect(a).toEqual(log);
    expect(b).toEqual(log.slice(5));
    expect(a.at(-1)?.event.type).toBe('completed');
  });

  it('polls the store when no notification comes (a reader in another process), on a SQLite file', async () => {
    const db = tempDatabase();
    cleanup = db.dispose;
    const writer = db.open();
    env = await streamEnv({
      stores: writer,
      script: { rules: [{ reply: { text: words(40) }, faults: { delayBetweenMs: 8 } }] },
      stream: { flushEveryEvents: 8, flushIntervalMs: 25 },
    });
    const { turnId, done } = await startTurn(env);
    const other = db.open();
    const lonely = new TurnEventBus();
    const stream = attachToTurnStream({
      store: other.turns,
      turnId,
      fromIndex: 2,
      pollIntervalMs: 15,
      bus: lonely,
    });
    const [events] = await Promise.all([Effect.runPromise(Stream.runCollect(stream)), done]);
    const log = await Effect.runPromise(other.turns.readEvents(turnId, 0));
    expect(events).toEqual(log.slice(2));
    contiguous(events, 2);
    expect(events.at(-1)?.event.type).toBe('completed');
  });

  it('ends on a terminal turn record when the stream broke without a terminal event', async () => {
    env = await streamEnv({
      script: { rules: [{ reply: { text: words(30) }, faults: { dropAfterEvents: 8 } }] },
    });
    const { turnId, done } = await startTurn(env);
    const events = await read(
      attachToTurn({ store: env.stores.turns, turnId, pollIntervalMs: 20 }),
    );
    expect(await done).toMatchObject({ _tag: 'StreamInterrupted' });
    expect(events.length).toBeGreaterThan(2);
    expect(events.map((e) => e.event.type)).not.toContain('completed');
    contiguous(events, 0);
  });

  it('stops on abort and fails with NotFound for an unknown turn', async () => {
    env = await streamEnv();
    const controller = new AbortController();
    const convo = await env.weft.conversation();
    await convo.send('Hello').result;
    const pending = read(
      attachToTurn({ store: env.stores.turns, turnId: 'turn_missing', signal: controller.signal }),
    );
    await expect(pending).rejects.toMatchObject({ _tag: 'NotFound' });
    const head =
      (await Effect.runPromise(env.stores.turns.getConversation(convo.id))).headTurnId ?? '';
    // A turn that stays open: abort ends the reading quietly.
    const open = await Effect.runPromise(
      env.stores.turns.beginTurn({
        id: 'turn_open',
        conversationId: convo.id,
        parentId: head,
        request: { input: [], params: { model: 'scripted-1' } },
        contextStrategy: 'local',
        executionStrategy: 'stream',
        createdAt: 0,
      }),
    );
    const reading = read(
      attachToTurn({
        store: env.stores.turns,
        turnId: open.id,
        signal: controller.signal,
        pollIntervalMs: 10,
      }),
    );
    setTimeout(() => controller.abort(), 30);
    await expect(reading).resolves.toEqual([]);
  });
});
