/**
 * Appends as an application makes them (`beginTurn`, then `finishTurn` completing the turn and
 * moving the head: two transactions, about 1.2 KB stored per turn) on store-sqlite, and the same
 * rows written bare with `node:sqlite` as the baseline.
 */
import { DatabaseSync } from 'node:sqlite';
import type { Turn } from '@weft/core';
import type { SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';

const words = 'the quick brown fox jumps over the lazy dog while weaving threads of text '.repeat(
  8,
);
const sync = <A, E>(effect: Effect.Effect<A, E>): A => Effect.runSync(effect);

const input = (): Turn['request']['input'] => [{ role: 'user', content: words.slice(0, 480) }];

function output(id: string) {
  return [
    {
      id: `msg_${id}`,
      type: 'message' as const,
      role: 'assistant' as const,
      status: 'completed' as const,
      content: [{ type: 'output_text' as const, text: words.slice(0, 520), annotations: [] }],
    },
  ];
}

const usage = {
  input_tokens: 120,
  input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
  output_tokens: 130,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 250,
};

/** One append on store-sqlite; returns the new head. */
export function appendTurn(
  store: SqliteStore,
  conversationId: string,
  n: number,
  head: Turn | null,
): Turn {
  const id = `turn_${String(n).padStart(6, '0')}`;
  sync(
    store.turns.beginTurn({
      id,
      conversationId,
      parentId: head?.id ?? null,
      request: { input: input(), params: { model: 'm' } },
      contextStrategy: 'local',
      executionStrategy: 'blocking',
      createdAt: n,
    }),
  );
  const { turn } = sync(
    store.turns.finishTurn({
      turnId: id,
      result: {
        status: 'completed',
        responseId: `resp_${id}`,
        output: output(id),
        usage: usage as never,
        completedAt: n,
      },
      head: { conversationId, expectedVersion: n, at: n },
    }),
  );
  return turn;
}

/** `count` appends from turn `from`; mean ms per turn and the new head. */
export function appendMany(
  store: SqliteStore,
  conversationId: string,
  from: number,
  count: number,
  head: Turn | null,
): { msPerTurn: number; head: Turn | null } {
  let last = head;
  const start = performance.now();
  for (let n = from; n < from + count; n++) last = appendTurn(store, conversationId, n, last);
  return { msPerTurn: (performance.now() - start) / count, head: last };
}

/** Bytes of one turn's JSON (input, output, usage): what a turn holds before any storage format. */
export function turnJsonBytes(): number {
  const id = 'turn_000000';
  return Buffer.byteLength(JSON.stringify({ id, input: input(), output: output(id), usage }));
}

/** The bare baseline: one table, one JSON row per turn, WAL, the same `synchronous`. */
export class BareTurnTable {
  private readonly db: DatabaseSync;
  private readonly insert;
  private readonly selectAll;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL') {
    this.db = new DatabaseSync(path);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS turns (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL)',
    );
    this.insert = this.db.prepare('INSERT INTO turns (id, body) VALUES (?, ?)');
    this.selectAll = this.db.prepare('SELECT id, body FROM turns ORDER BY seq');
  }

  /** `count` turns, one autocommit insert each; mean ms per turn. */
  appendMany(from: number, count: number): number {
    const start = performance.now();
    for (let n = from; n < from + count; n++) {
      const id = `turn_${String(n).padStart(6, '0')}`;
      this.insert.run(id, JSON.stringify({ input: input(), output: output(id), usage }));
    }
    return (performance.now() - start) / count;
  }

  /** `count` turns in one transaction (fast seeding). */
  seed(from: number, count: number): void {
    this.db.exec('BEGIN');
    this.appendMany(from, count);
    this.db.exec('COMMIT');
  }

  /** Reads every row back and decodes it; the number of rows. */
  readAll(): number {
    const rows = this.selectAll.all() as { id: string; body: string }[];
    let n = 0;
    for (const row of rows) if (JSON.parse(row.body) !== null) n++;
    return n;
  }

  close(): void {
    this.db.close();
  }
}
