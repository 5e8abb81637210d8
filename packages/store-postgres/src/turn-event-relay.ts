/**
 * Live turn events across processes: a LISTEN session on `weft_turn_events` that, when another
 * process appends events to a turn someone here is reading, reads them from the events table and
 * publishes them to an in-process event bus (the stream adapter's `TurnEventBus`), so
 * `attachToTurn` readers wake at once instead of at their next poll.
 *
 * @module
 */
import type { StoredEvent, TurnStoreShape } from '@weft/core';
import { Effect } from 'effect';
import pg from 'pg';
import { sslConfig } from './internal/connection.js';
import { turnEventsChannel } from './internal/turn-statements.js';
import type { PostgresStore } from './open-postgres-store.js';

/** The part of `@weft/adapter-stream`'s `TurnEventBus` the relay uses. */
export interface TurnEventSink {
  publish(turnId: string, events: readonly StoredEvent[]): void;
  end(turnId: string): void;
  /** Turns nobody reads here are skipped: their notifications cost one map lookup. */
  listenerCount(turnId: string): number;
}

/** A running relay. */
export interface TurnEventRelay {
  /** Resolves once the LISTEN session is up (notifications from then on are relayed). */
  readonly ready: Promise<void>;
  /** Stops listening and closes the session. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link relayTurnEvents}. */
export interface RelayTurnEventsOptions {
  /** The store whose database to listen on (its URL and turn store). */
  readonly store: Pick<PostgresStore, 'options' | 'turns'>;
  /** Where to publish, typically `defaultTurnEventBus` from `@weft/adapter-stream`. */
  readonly bus: TurnEventSink;
  /** Delay before reconnecting a lost session, ms (default 500). Readers poll meanwhile. */
  readonly reconnectDelayMs?: number | undefined;
}

/** A parsed notification: events from `from` on, or the turn's end. */
type Note = { readonly turnId: string; readonly from: number } | { readonly turnId: string; readonly end: true };

function parse(payload: string | undefined): Note | undefined {
  const space = payload?.indexOf(' ') ?? -1;
  if (payload === undefined || space <= 0) return undefined;
  const head = payload.slice(0, space);
  const turnId = payload.slice(space + 1);
  if (head === 'end') return { turnId, end: true };
  const from = Number(head);
  return Number.isInteger(from) ? { turnId, from } : undefined;
}

/**
 * Starts relaying events appended in any process to `bus`. Per turn, deliveries keep their order;
 * a failed read is dropped (the reader's own poll re-reads the table). When the session is lost it
 * reconnects after `reconnectDelayMs`; readers fall back to polling until then.
 *
 * @example
 * ```ts
 * import { attachToTurn, defaultTurnEventBus } from '@weft/adapter-stream';
 * const relay = relayTurnEvents({ store, bus: defaultTurnEventBus });
 * await relay.ready;
 * for await (const e of attachToTurn({ store: store.turns, turnId })) console.log(e.event.type);
 * await relay.close();
 * ```
 * @since 0.1.0
 */
export function relayTurnEvents(options: RelayTurnEventsOptions): TurnEventRelay {
  const { store, bus } = options;
  const turns: TurnStoreShape = store.turns;
  const reconnectDelayMs = options.reconnectDelayMs ?? 500;
  /** The tail of each turn's delivery chain, so a turn's deliveries never overtake each other. */
  const chains = new Map<string, Promise<void>>();
  let client: pg.Client | undefined;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deliver = async (note: Note): Promise<void> => {
    if ('end' in note) return bus.end(note.turnId);
    const events = await Effect.runPromise(Effect.orElseSucceed(turns.readEvents(note.turnId, note.from), () => []));
    bus.publish(note.turnId, events);
  };

  const onNotification = (message: pg.Notification): void => {
    const note = parse(message.payload);
    if (note === undefined || bus.listenerCount(note.turnId) === 0) return;
    const previous = chains.get(note.turnId) ?? Promise.resolve();
    const next = previous.then(() => deliver(note)).catch(() => undefined);
    chains.set(note.turnId, next);
    void next.then(() => {
      if (chains.get(note.turnId) === next) chains.delete(note.turnId);
    });
  };

  const connect = async (): Promise<void> => {
    const session = new pg.Client({
      connectionString: store.options.url,
      application_name: `${store.options.applicationName ?? 'weft'}-events`,
      connectionTimeoutMillis: store.options.connectTimeoutMs ?? 10_000,
      ...(store.options.password === undefined ? {} : { password: store.options.password }),
      ...(store.options.ssl === undefined ? {} : { ssl: sslConfig(store.options.ssl) }),
    });
    session.on('notification', onNotification);
    session.on('error', () => reconnect(session));
    session.on('end', () => reconnect(session));
    client = session;
    await session.connect();
    await session.query(`LISTEN ${turnEventsChannel}`);
  };

  const reconnect = (session: pg.Client): void => {
    if (closed || client !== session || timer !== undefined) return;
    client = undefined;
    session.removeAllListeners('notification');
    void session.end().catch(() => undefined);
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch(() => {
        if (client !== undefined) reconnect(client);
      });
    }, reconnectDelayMs);
  };

  const ready = connect();
  ready.catch(() => {
    if (client !== undefined) reconnect(client);
  });

  return {
    ready,
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const session = client;
      client = undefined;
      await session?.end().catch(() => undefined);
    },
  };
}
