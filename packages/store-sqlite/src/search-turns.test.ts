import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { literalQuery } from './search-turns.js';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';
import { assistantMessage, completed, failureOf, run, userTurn } from './test-support.js';

let store: TempSqliteStore;

beforeEach(async () => {
  store = makeTempSqliteStore({ synchronous: 'NORMAL' });
  const { turns } = store;
  await run(turns.createConversation({ id: 'conv_a', createdAt: 0 }));
  await run(turns.createConversation({ id: 'conv_b', createdAt: 0 }));
  await run(turns.beginTurn(userTurn('turn_a1', 'conv_a', null, 'How do I bake sourdough bread?')));
  await run(
    turns.completeTurn('turn_a1', completed('Feed the starter, then proof the dough overnight.')),
  );
  await run(
    turns.beginTurn({
      ...userTurn('turn_b1', 'conv_b', null),
      request: {
        input: [
          { role: 'developer', content: 'secret system instructions about bread' },
          {
            type: 'message',
            role: 'user',
            content: [{ type: 'input_text', text: 'Tell me about rye crackers' }],
          },
        ],
        params: { model: 'm' },
      },
    }),
  );
});

afterEach(() => store.dispose());

describe('searchTurns', () => {
  it('finds user input and assistant output, with highlighted snippets', async () => {
    expect(await run(store.searchTurns('sourdough'))).toEqual([
      expect.objectContaining({
        turnId: 'turn_a1',
        conversationId: 'conv_a',
        snippet: expect.stringContaining('[sourdough]'),
      }),
    ]);
    expect((await run(store.searchTurns('starter overnight')))[0]).toMatchObject({
      turnId: 'turn_a1',
      snippet: expect.stringContaining('[starter]'),
    });
    await run(store.turns.completeTurn('turn_b1', completed('Rye crackers keep well.')));
    expect((await run(store.searchTurns('rye')))[0]?.turnId).toBe('turn_b1');
  });

  it('indexes only user input, not developer or system text', async () => {
    expect(await run(store.searchTurns('secret'))).toEqual([]);
  });

  it('indexes a turn when it ends, again when its end is rewritten, and forgets it on deletion', async () => {
    await run(store.turns.recordPartialOutput('turn_b1', [assistantMessage('m1', 'crispy')], 1));
    // Still running: neither its input nor its partial output is indexed yet.
    expect(await run(store.searchTurns('rye'))).toEqual([]);
    expect(await run(store.searchTurns('crispy'))).toEqual([]);
    await run(store.turns.completeTurn('turn_b1', completed('crispy and thin')));
    expect((await run(store.searchTurns('crispy')))[0]?.turnId).toBe('turn_b1');
    expect((await run(store.searchTurns('rye')))[0]?.turnId).toBe('turn_b1');
    await run(store.turns.completeTurn('turn_b1', completed('crunchy and thin')));
    expect(await run(store.searchTurns('crispy'))).toEqual([]);
    expect((await run(store.searchTurns('crunchy')))[0]).toMatchObject({
      turnId: 'turn_b1',
      snippet: expect.stringContaining('[crunchy]'),
    });
    await run(store.turns.deleteConversation('conv_b'));
    expect(await run(store.searchTurns('crunchy'))).toEqual([]);
    expect(await run(store.searchTurns('rye'))).toEqual([]);
  });

  it('indexes, between two searches, only what the turns ended up as', async () => {
    await run(store.turns.completeTurn('turn_b1', completed('first draft')));
    await run(store.turns.completeTurn('turn_b1', completed('second draft')));
    await run(store.turns.createConversation({ id: 'conv_c', createdAt: 0 }));
    await run(store.turns.beginTurn(userTurn('turn_c1', 'conv_c', null, 'ephemeral words')));
    await run(store.turns.completeTurn('turn_c1', completed('gone soon')));
    await run(store.turns.deleteConversation('conv_c'));
    expect(await run(store.searchTurns('first'))).toEqual([]);
    expect((await run(store.searchTurns('second draft'))).map((h) => h.turnId)).toEqual([
      'turn_b1',
    ]);
    expect(await run(store.searchTurns('ephemeral'))).toEqual([]);
    // A turn that reuses the deleted row's seq is found for its own text only.
    await run(store.turns.beginTurn(userTurn('turn_a2', 'conv_a', 'turn_a1', 'fresh question')));
    await run(store.turns.completeTurn('turn_a2', completed('fresh answer')));
    expect(await run(store.searchTurns('soon'))).toEqual([]);
    expect((await run(store.searchTurns('fresh'))).map((h) => h.turnId)).toEqual(['turn_a2']);
  });

  it('filters by conversation and pages', async () => {
    await run(store.turns.beginTurn(userTurn('turn_a2', 'conv_a', 'turn_a1', 'more bread please')));
    await run(store.turns.completeTurn('turn_a2', completed('here you go')));
    await run(store.turns.completeTurn('turn_b1', completed('bread too')));
    expect((await run(store.searchTurns('bread'))).map((h) => h.turnId).sort()).toEqual([
      'turn_a1',
      'turn_a2',
      'turn_b1',
    ]);
    expect(
      (await run(store.searchTurns('bread', { conversationId: 'conv_a' }))).map(
        (h) => h.conversationId,
      ),
    ).toEqual(['conv_a', 'conv_a']);
    const first = await run(store.searchTurns('bread', { limit: 2 }));
    const rest = await run(store.searchTurns('bread', { limit: 2, offset: 2 }));
    expect(first).toHaveLength(2);
    expect(rest).toHaveLength(1);
  });

  it('treats user text literally by default and reports bad raw syntax', async () => {
    expect(literalQuery(' say "hi"  AND-or ')).toBe('"say" """hi""" "AND-or"');
    // Punctuation and quotes are no syntax: the words are matched as tokens.
    expect((await run(store.searchTurns('bread? "(dough'))).map((h) => h.turnId)).toEqual([
      'turn_a1',
    ]);
    expect(await run(store.searchTurns('   '))).toEqual([]);
    expect((await run(store.searchTurns('sour*', { raw: true })))[0]?.turnId).toBe('turn_a1');
    const error = await failureOf(store.searchTurns('"unclosed', { raw: true }));
    expect(error.message).toMatch(/not valid FTS5 syntax/);
  });
});
