import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Connection, openConnection } from './internal/connection.js';
import { makeSqliteSnapshotStore } from './snapshot-store.js';
import { makeSqliteTurnStore } from './turn-store.js';
import { completed, failureOf, run, userTurn } from './test-support.js';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
let dir: string;
let connection: Connection;

const open = (synchronous: 'FULL' | 'NORMAL') =>
  openConnection({
    path: join(dir, 'weft.db'),
    busyTimeoutMs: 1000,
    synchronous,
    readonly: false,
    migrationsFolder,
  });
/** The connection's `synchronous` level: 2 is FULL, 1 is NORMAL. */
const level = () => Number(connection.client.pragma('synchronous', { simple: true }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-durability-'));
});
afterEach(() => {
  if (connection.client.open) connection.client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('durability per transaction', () => {
  it('commits progress writes at NORMAL and the turn end at the configured FULL', async () => {
    connection = open('FULL');
    const context = { path: join(dir, 'weft.db'), busyTimeoutMs: 1000 };
    const turns = makeSqliteTurnStore(connection, context);
    const snapshots = makeSqliteSnapshotStore(connection, context);
    // Temporary triggers record the level each write runs at, inside its transaction.
    connection.client.exec(`
      CREATE TEMP TABLE levels (n INTEGER PRIMARY KEY, level INTEGER);
      CREATE TEMP TRIGGER on_turn_insert AFTER INSERT ON main.turns
        BEGIN INSERT INTO levels (level) SELECT synchronous FROM pragma_synchronous; END;
      CREATE TEMP TRIGGER on_turn_update AFTER UPDATE ON main.turns
        BEGIN INSERT INTO levels (level) SELECT synchronous FROM pragma_synchronous; END;
      CREATE TEMP TRIGGER on_snapshot AFTER INSERT ON main.snapshots
        BEGIN INSERT INTO levels (level) SELECT synchronous FROM pragma_synchronous; END;`);
    const seen = () =>
      connection.client.prepare('SELECT level FROM levels ORDER BY n').pluck().all();
    await run(turns.createConversation({ id: 'conv', createdAt: 0 }));
    await run(turns.beginTurn(userTurn('turn_1', 'conv', null)));
    await run(snapshots.save('conv', { state: 'running' }, 1));
    await run(turns.recordPartialOutput('turn_1', [], 2));
    expect(seen()).toEqual([1, 1, 1]);
    expect(level()).toBe(2);
    await run(
      turns.finishTurn({
        turnId: 'turn_1',
        result: completed('done'),
        head: { conversationId: 'conv', expectedVersion: 0, at: 3 },
      }),
    );
    await run(turns.recordResponseId('turn_1', 'resp_1', 4));
    expect(seen()).toEqual([1, 1, 1, 2, 2]);
    expect(level()).toBe(2);
  });

  it('restores the configured level when a progress write fails', async () => {
    connection = open('FULL');
    const turns = makeSqliteTurnStore(connection, { path: 'weft.db', busyTimeoutMs: 1000 });
    await run(turns.createConversation({ id: 'conv', createdAt: 0 }));
    await run(turns.beginTurn(userTurn('turn_1', 'conv', null)));
    const error = await failureOf(turns.beginTurn(userTurn('turn_1', 'conv', null)));
    expect(error.message).toMatch(/already exists/);
    expect(level()).toBe(2);
  });

  it('leaves a NORMAL store at NORMAL', async () => {
    connection = open('NORMAL');
    const turns = makeSqliteTurnStore(connection, { path: 'weft.db', busyTimeoutMs: 1000 });
    await run(turns.createConversation({ id: 'conv', createdAt: 0 }));
    await run(turns.beginTurn(userTurn('turn_1', 'conv', null)));
    expect(level()).toBe(1);
  });
});
