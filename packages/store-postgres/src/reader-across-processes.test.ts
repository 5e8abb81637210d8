import type { StoredEvent } from '@weft/core';
import { Effect } from 'effect';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, startChild } from './fixtures/child-process.js';
import { openPostgresStore, type PostgresStore } from './open-postgres-store.js';
import { requireServer, serverUrl, template } from './test-server.js';
import { createScratchDatabase, type ScratchDatabase } from './testing.js';
import { relayTurnEvents, type TurnEventRelay, type TurnEventSink } from './turn-event-relay.js';

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

/** A bus with one reader of `turnId` that records what it hears, and waits for it. */
function recordingBus(turnId: string) {
  const heard: (StoredEvent[] | 'end')[] = [];
  const waiters: (() => void)[] = [];
  const sink: TurnEventSink = {
    publish: (id, events) => {
      heard.push([...events]);
      waiters.splice(0).forEach((wake) => wake());
    },
    end: () => {
      heard.push('end');
      waiters.splice(0).forEach((wake) => wake());
    },
    listenerCount: (id) => (id === turnId ? 1 : 0),
  };
  /** The distinct indexes heard so far, in the order first heard. */
  const indexes = () => [...new Set(heard.flatMap((batch) => (batch === 'end' ? [] : batch.map((e) => e.index))))];
  const until = async (done: () => boolean): Promise<void> => {
    const deadline = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`relay delivered only ${JSON.stringify(indexes())}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  };
  return { sink, heard, indexes, until };
}

describe.skipIf(serverUrl === null)('a reader following a turn streamed by another process', () => {
  let database: ScratchDatabase | undefined;
  let store: PostgresStore | undefined;
  let relay: TurnEventRelay | undefined;
  let writer: Child | undefined;

  afterEach(async () => {
    await writer?.stop('SIGKILL');
    await relay?.close();
    await store?.close();
    await database?.drop();
  });

  async function setUp() {
    database = await createScratchDatabase(requireServer(), { template });
    store = await openPostgresStore({ url: database.url, poolSize: 2, applicationName: 'reader' });
    await run(store.turns.createConversation({ id: 'conv_1', createdAt: 0 }));
    await run(
      store.turns.beginTurn({
        id: 'turn_1',
        conversationId: 'conv_1',
        parentId: null,
        request: { input: [], params: { model: 'm' } },
        contextStrategy: 'local',
        executionStrategy: 'stream',
        createdAt: 0,
      }),
    );
    const bus = recordingBus('turn_1');
    relay = relayTurnEvents({ store, bus: bus.sink, reconnectDelayMs: 100 });
    await relay.ready;
    writer = startChild('event-writer', [database.url, 'turn_1']);
    await writer.expectMessage('ready');
    return { bus, url: database.url };
  }

  it('hears every event the other process appends, in order, then the end', { timeout: 180_000 }, async () => {
    const { bus } = await setUp();
    writer?.send({ cmd: 'write', from: 0, to: 40 });
    await writer?.expectMessage('written');
    writer?.send({ cmd: 'complete' });
    await writer?.expectMessage('completed');
    await bus.until(() => bus.heard.includes('end'));
    expect(bus.indexes()).toEqual(Array.from({ length: 41 }, (_, i) => i));
    const last = bus.heard.at(-1);
    expect(last).toBe('end');
    const all = bus.heard.flatMap((batch) => (batch === 'end' ? [] : batch));
    expect(all.find((e) => e.index === 40)?.event).toEqual({ type: 'cancelled', turnId: 'turn_1', responseId: null });
  });

  it('reconnects after its session is killed and relays what is written afterwards', { timeout: 180_000 }, async () => {
    const { bus, url } = await setUp();
    writer?.send({ cmd: 'write', from: 0, to: 5 });
    await writer?.expectMessage('written');
    await bus.until(() => bus.indexes().length === 5);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'reader-events'",
    );
    expect(killed.rowCount).toBe(1);
    // Wait until the relay listens again, then write more.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const back = await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'reader-events'");
      if (back.rowCount === 1) break;
      if (Date.now() > deadline) throw new Error('the relay did not reconnect');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    writer?.send({ cmd: 'write', from: 5, to: 10 });
    await writer?.expectMessage('written');
    await bus.until(() => bus.indexes().length === 10);
    expect(bus.indexes()).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });
});
