/**
 * How fast a reader in one place hears the events of a turn written elsewhere: `attachToTurn` on
 * its own pool, woken either by `relayTurnEvents` (LISTEN/NOTIFY, then a read of the events table)
 * or by polling the table every `pollIntervalMs`. The writer is another pool, as another host.
 */
import { attachToTurn, TurnEventBus } from '@weft/adapter-stream';
import type { TurnStoreShape } from '@weft/core';
import { openPostgresStore, relayTurnEvents } from '@weft/store-postgres';
import { Effect } from 'effect';
import { median } from './system.js';

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What one measurement found. */
export interface ReaderLatency {
  readonly mode: 'notify' | 'poll';
  /** Median ms from the start of an append to the reader receiving the event. */
  readonly medianMs: number;
  readonly p95Ms: number;
  /** Store reads the reader made per second while following the turn. */
  readsPerSecond: number;
}

/** Counts the reader's store reads. */
function counting(turns: TurnStoreShape): { turns: TurnStoreShape; reads: () => number } {
  let reads = 0;
  return {
    turns: {
      ...turns,
      readEvents: (turnId, from) => {
        reads++;
        return turns.readEvents(turnId, from);
      },
      getTurn: (turnId) => {
        reads++;
        return turns.getTurn(turnId);
      },
    },
    reads: () => reads,
  };
}

/** One writer appends `events` events `gapMs` apart; one reader follows them. */
export async function measureReaderLatency(
  url: string,
  mode: 'notify' | 'poll',
  events: number,
  options: { readonly pollIntervalMs?: number | undefined; readonly gapMs?: number | undefined } = {},
): Promise<ReaderLatency> {
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const gapMs = options.gapMs ?? 30;
  const writer = await openPostgresStore({ url, poolSize: 2, applicationName: 'bench-writer' });
  const reader = await openPostgresStore({ url, poolSize: 2, applicationName: 'bench-reader' });
  const bus = new TurnEventBus();
  const relay = mode === 'notify' ? relayTurnEvents({ store: reader, bus }) : undefined;
  try {
    await relay?.ready;
    const turnId = `turn_${mode}_${Date.now()}`;
    const conversationId = `conv_${turnId}`;
    await run(writer.turns.createConversation({ id: conversationId, createdAt: 0 }));
    await run(
      writer.turns.beginTurn({
        id: turnId,
        conversationId,
        parentId: null,
        request: { input: [], params: { model: 'm' } },
        contextStrategy: 'local',
        executionStrategy: 'stream',
        createdAt: 0,
      }),
    );
    const sentAt: number[] = [];
    const receivedAt: number[] = [];
    const counted = counting(reader.turns);
    const t0 = performance.now();
    const following = (async () => {
      for await (const stored of attachToTurn({ store: counted.turns, turnId, bus, pollIntervalMs })) {
        receivedAt[stored.index] = performance.now();
      }
    })();
    await pause(pollIntervalMs); // the reader is waiting, as a live follower would be
    for (let i = 0; i < events; i++) {
      sentAt[i] = performance.now();
      await run(
        writer.turns.appendEvents(turnId, [
          { event: { type: 'delta', turnId, kind: 'text', itemId: 'msg_1', outputIndex: 0, delta: `d${i}` }, at: i },
        ]),
      );
      await pause(gapMs);
    }
    sentAt[events] = performance.now();
    await run(
      writer.turns.finishTurn({
        turnId,
        result: { status: 'cancelled', responseId: null, output: [], usage: null, completedAt: events },
        events: [{ event: { type: 'cancelled', turnId, responseId: null }, at: events }],
      }),
    );
    await following;
    const seconds = (performance.now() - t0) / 1000;
    const latencies = sentAt.map((sent, i) => (receivedAt[i] ?? Number.NaN) - sent);
    if (latencies.some((ms) => !Number.isFinite(ms))) throw new Error('the reader missed events');
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      mode,
      medianMs: median(latencies),
      p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN,
      readsPerSecond: counted.reads() / seconds,
    };
  } finally {
    await relay?.close();
    await Promise.all([writer.close(), reader.close()]);
  }
}
