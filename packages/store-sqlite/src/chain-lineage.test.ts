import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.js';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';
import { failureOf, run, userTurn } from './test-support.js';

let store: TempSqliteStore;
beforeEach(() => {
  store = makeTempSqliteStore({ synchronous: 'NORMAL' });
});
afterEach(() => store.dispose());

/** Begins `ids` one under the other, starting under `parent`. */
async function grow(conversationId: string, ids: readonly string[], parent: string | null) {
  let previous = parent;
  for (const id of ids) {
    await run(store.turns.beginTurn(userTurn(id, conversationId, previous)));
    previous = id;
  }
}

const idsOf = async (headId: string) =>
  (await run(store.turns.readChain(headId))).map((turn) => turn.id);

/** Reads the file on a connection of its own (the store does not expose `lineage`). */
function query<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const lineageOf = (id: string) =>
  query(store.path, (db) =>
    db.prepare('SELECT lineage FROM turns WHERE id = ?').pluck().get(id),
  );

describe('readChain across segments', () => {
  it('reads a fork from the middle, and the original chain is unchanged', async () => {
    await run(store.turns.createConversation({ id: 'conv', createdAt: 0 }));
    await grow('conv', ['a1', 'a2', 'a3', 'a4', 'a5'], null);
    await run(store.turns.fork({ turnId: 'a3', conversation: { id: 'fork', createdAt: 1 } }));
    await grow('fork', ['f1', 'f2'], 'a3');
    expect(await idsOf('f2')).toEqual(['a1', 'a2', 'a3', 'f1', 'f2']);
    expect(await idsOf('a5')).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(await idsOf('a3')).toEqual(['a1', 'a2', 'a3']);
    // The fork is a segment of its own; the trunk stays one segment.
    expect(lineageOf('f1')).toBe('f1');
    expect(lineageOf('f2')).toBe('f1');
    expect(lineageOf('a5')).toBe('a1');
  });

  it('reads a fork of a fork, and depths and parents line up', async () => {
    await run(store.turns.createConversation({ id: 'conv', createdAt: 0 }));
    await grow('conv', ['a1', 'a2', 'a3', 'a4'], null);
    await grow('conv', ['b1', 'b2', 'b3'], 'a2');
    await grow('conv', ['c1', 'c2'], 'b2');
    await grow('conv', ['d1'], 'a1');
    const chain = await run(store.turns.readChain('c2'));
    expect(chain.map((turn) => turn.id)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    chain.forEach((turn, depth) => {
      expect(turn.depth).toBe(depth);
      expect(turn.parentId).toBe(depth === 0 ? null : chain[depth - 1]?.id);
    });
    expect(await idsOf('b3')).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
    expect(await idsOf('d1')).toEqual(['a1', 'd1']);
  });

  it('reads retry siblings apart, and a turn under the last sibling', async () => {
    await run(store.turns.createConversation({ id: 'conv', createdAt: 0 }));
    await grow('conv', ['q1', 'r1'], null);
    await grow('conv', ['r2'], 'q1');
    await grow('conv', ['r3', 'q2'], 'q1');
    expect(await idsOf('r1')).toEqual(['q1', 'r1']);
    expect(await idsOf('r2')).toEqual(['q1', 'r2']);
    expect(await idsOf('q2')).toEqual(['q1', 'r3', 'q2']);
    // The first child continues the parent's segment; every later sibling starts one.
    expect([lineageOf('r1'), lineageOf('r2'), lineageOf('r3')]).toEqual(['q1', 'r2', 'r3']);
  });

  it('continues a segment whose tail was collected, without mixing in the old tail', async () => {
    await run(store.turns.createConversation({ id: 'keep', createdAt: 0 }));
    await grow('keep', ['k1', 'k2'], null);
    await run(store.turns.setHead('keep', 0, 'k2', 1));
    await run(store.turns.fork({ turnId: 'k2', conversation: { id: 'gone', createdAt: 2 } }));
    await grow('gone', ['g1', 'g2'], 'k2');
    await run(store.turns.deleteConversation('gone'));
    await grow('keep', ['k3'], 'k2');
    expect(lineageOf('k3')).toBe('k1');
    expect(await idsOf('k3')).toEqual(['k1', 'k2', 'k3']);
  });

  it('reports an unknown head as NotFound', async () => {
    expect((await failureOf(store.turns.readChain('nope')))._tag).toBe('NotFound');
  });

  it('imports a forked tree into the same chains it exported', async () => {
    await run(store.turns.createConversation({ id: 'conv', createdAt: 0 }));
    await grow('conv', ['a1', 'a2', 'a3'], null);
    await grow('conv', ['b1', 'b2'], 'a1');
    await grow('conv', ['c1'], 'a1');
    const text = await run(store.exportJsonl());
    const other = makeTempSqliteStore({ synchronous: 'NORMAL' });
    try {
      await run(other.importJsonl(text));
      for (const head of ['a3', 'b2', 'c1']) {
        expect(await run(other.turns.readChain(head))).toEqual(
          await run(store.turns.readChain(head)),
        );
      }
      expect(await run(other.exportJsonl())).toBe(text);
    } finally {
      other.dispose();
    }
  });
});

describe('the 0003 migration of turn lineage', () => {
  it('places the turns of an older file so that every chain reads back whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-lineage-'));
    try {
      const path = join(dir, 'weft.db');
      const first = openSqliteStore({ path, synchronous: 'NORMAL' });
      await run(first.turns.createConversation({ id: 'conv', createdAt: 0 }));
      for (const [id, parent] of [
        ['a1', null],
        ['a2', 'a1'],
        ['a3', 'a2'],
        ['b1', 'a1'],
        ['b2', 'b1'],
        ['c1', 'a2'],
      ] as const) {
        await run(first.turns.beginTurn(userTurn(id, 'conv', parent)));
      }
      // Back to the file as 0002 left it: no lineage, the migration not yet applied.
      first.close();
      query(path, (db) =>
        db.exec(`
        DROP INDEX turns_lineage_depth_idx;
        ALTER TABLE turns DROP COLUMN lineage;
        DELETE FROM __drizzle_migrations
          WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations);
        PRAGMA user_version = 3;`),
      );
      const reopened = openSqliteStore({ path, synchronous: 'NORMAL' });
      try {
        const read = async (head: string) =>
          (await run(reopened.turns.readChain(head))).map((turn) => turn.id);
        expect(await read('a3')).toEqual(['a1', 'a2', 'a3']);
        expect(await read('b2')).toEqual(['a1', 'b1', 'b2']);
        expect(await read('c1')).toEqual(['a1', 'a2', 'c1']);
        const lineage = query(path, (db) =>
          db.prepare('SELECT id, lineage FROM turns ORDER BY seq').all(),
        );
        expect(lineage).toEqual([
          { id: 'a1', lineage: 'a1' },
          { id: 'a2', lineage: 'a1' },
          { id: 'a3', lineage: 'a1' },
          { id: 'b1', lineage: 'b1' },
          { id: 'b2', lineage: 'b1' },
          { id: 'c1', lineage: 'c1' },
        ]);
        await run(reopened.turns.beginTurn(userTurn('c2', 'conv', 'c1')));
        expect(await read('c2')).toEqual(['a1', 'a2', 'c1', 'c2']);
      } finally {
        reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
