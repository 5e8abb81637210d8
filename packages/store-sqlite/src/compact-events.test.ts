import type { ResponseObject, TurnEvent, Usage } from '@weft/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';
import { completed, run, userTurn } from './test-support.js';

let store: TempSqliteStore;
let copy: TempSqliteStore;

beforeEach(() => {
  store = makeTempSqliteStore({ synchronous: 'NORMAL' });
  copy = makeTempSqliteStore({ synchronous: 'NORMAL' });
});

afterEach(() => {
  store.dispose();
  copy.dispose();
});

const secretText = 'the answer, stored once';
const turnUsage = {
  input_tokens: 12,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 34,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 46,
} as unknown as Usage;

/** A blocking turn's events, built from one Response as the blocking strategy builds them. */
function blockingEvents(turnId: string): { response: ResponseObject; events: TurnEvent[] } {
  const result = completed(secretText, 5);
  const response = {
    id: 'resp_1',
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'm',
    output: result.output,
    usage: turnUsage,
    output_text: secretText,
  } as unknown as ResponseObject;
  return {
    response,
    events: [
      { type: 'created', turnId, responseId: 'resp_1', status: 'completed' },
      ...response.output.map((item, outputIndex): TurnEvent => ({
        type: 'item.done',
        turnId,
        outputIndex,
        item,
      })),
      { type: 'completed', turnId, response },
    ],
  };
}

async function finishBlockingTurn(): Promise<TurnEvent[]> {
  await run(store.turns.createConversation({ id: 'conv_a', createdAt: 0 }));
  await run(store.turns.beginTurn(userTurn('turn_1', 'conv_a', null, 'question')));
  const { response, events } = blockingEvents('turn_1');
  await run(
    store.turns.finishTurn({
      turnId: 'turn_1',
      result: { ...completed(secretText, 5), output: response.output, usage: turnUsage },
      events: events.map((event) => ({ event, at: 5 })),
      head: { conversationId: 'conv_a', expectedVersion: 0, at: 6 },
    }),
  );
  return events;
}

describe('event log entries that repeat the turn output', () => {
  it('are stored once, in the turn, and read back whole', async () => {
    const events = await finishBlockingTurn();
    const raw = new Database(store.path, { readonly: true });
    try {
      const logged = raw
        .prepare('SELECT event FROM turn_events WHERE turn_id = ? ORDER BY idx')
        .pluck()
        .all('turn_1') as string[];
      expect(logged).toHaveLength(3);
      for (const json of logged) expect(json).not.toContain(secretText);
      expect(logged.at(-1)).not.toContain('"output_tokens":34');
    } finally {
      raw.close();
    }
    const read = await run(store.turns.readEvents('turn_1', 0));
    expect(read.map((stored) => stored.event)).toEqual(events);
    expect((await run(store.turns.readEvents('turn_1', 2)))[0]?.event).toEqual(events[2]);
  });

  it('are exported whole, and an import exports the same text again', async () => {
    const events = await finishBlockingTurn();
    const exported = await run(store.exportJsonl());
    const lines = exported.split('\n').filter((line) => line.includes('"type":"event"'));
    expect(lines).toHaveLength(events.length);
    expect(lines.at(-1)).toContain(secretText);
    await run(copy.importJsonl(exported));
    expect(await run(copy.exportJsonl())).toBe(exported);
    expect((await run(copy.turns.readEvents('turn_1', 0))).map((e) => e.event)).toEqual(events);
  });

  it('keeps an output_text that is not derived from the output as it is', async () => {
    await run(store.turns.createConversation({ id: 'conv_a', createdAt: 0 }));
    await run(store.turns.beginTurn(userTurn('turn_1', 'conv_a', null, 'question')));
    const { response, events } = blockingEvents('turn_1');
    const edited = { ...response, output_text: 'something else' } as ResponseObject;
    const last: TurnEvent = { type: 'completed', turnId: 'turn_1', response: edited };
    await run(
      store.turns.finishTurn({
        turnId: 'turn_1',
        result: { ...completed(secretText, 5), output: response.output, usage: null },
        events: [...events.slice(0, -1), last].map((event) => ({ event, at: 5 })),
      }),
    );
    const read = (await run(store.turns.readEvents('turn_1', 0))).map((e) => e.event);
    expect(read).toEqual([...events.slice(0, -1), last]);
  });

  it('keeps events whose output differs from the turn output as they are', async () => {
    await run(store.turns.createConversation({ id: 'conv_a', createdAt: 0 }));
    await run(store.turns.beginTurn(userTurn('turn_1', 'conv_a', null, 'question')));
    const { events } = blockingEvents('turn_1');
    // An equal but separate output: not a reference to the turn's own output.
    await run(
      store.turns.finishTurn({
        turnId: 'turn_1',
        result: completed(secretText, 5),
        events: events.map((event) => ({ event, at: 5 })),
      }),
    );
    expect((await run(store.turns.readEvents('turn_1', 0))).map((e) => e.event)).toEqual(events);
  });
});
