import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';
import { completed, failureOf, run, userTurn } from './test-support.js';

let source: TempSqliteStore;
let target: TempSqliteStore;

beforeEach(async () => {
  source = makeTempSqliteStore({ synchronous: 'NORMAL' });
  target = makeTempSqliteStore({ synchronous: 'NORMAL' });
  const { turns, jobs, snapshots } = source;
  await run(
    turns.createConversation({
      id: 'conv_main',
      createdAt: 0,
      title: 'Main',
      metadata: { team: 'a', n: 1, ok: true, none: null },
    }),
  );
  await run(turns.beginTurn(userTurn('turn_1', 'conv_main', null, 'first')));
  await run(turns.recordResponseId('turn_1', 'resp_1', 1));
  await run(turns.recordFirstToken('turn_1', 2));
  await run(
    turns.completeTurn('turn_1', {
      ...completed('one', 3),
      usage: {
        input_tokens: 1,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: 2,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 3,
      },
    }),
  );
  await run(
    turns.appendEvents('turn_1', [
      {
        event: { type: 'created', turnId: 'turn_1', responseId: 'resp_1', status: 'in_progress' },
        at: 1,
      },
      {
        event: {
          type: 'delta',
          turnId: 'turn_1',
          kind: 'text',
          itemId: 'msg_3',
          outputIndex: 0,
          delta: 'one',
        },
        at: 2,
      },
    ]),
  );
  await run(
    turns.beginTurn({
      ...userTurn('turn_2', 'conv_main', 'turn_1', 'second'),
      fallback: { from: 'server', to: 'local', reason: 'expired' },
    }),
  );
  await run(
    turns.completeTurn('turn_2', {
      status: 'failed',
      responseId: null,
      output: [],
      usage: null,
      completedAt: 5,
      error: { tag: 'ServerError', message: 'boom' },
    }),
  );
  await run(turns.setHead('conv_main', 0, 'turn_2', 6));
  await run(turns.fork({ turnId: 'turn_1', conversation: { id: 'conv_fork', createdAt: 7 } }));
  await run(turns.beginTurn(userTurn('turn_3', 'conv_fork', 'turn_1', 'branch')));
  await run(turns.recordPartialOutput('turn_3', [], 8));
  await run(turns.setHead('conv_fork', 0, 'turn_3', 9));
  await run(
    jobs.createJob({
      id: 'job_1',
      turnId: 'turn_3',
      conversationId: 'conv_fork',
      responseId: 'resp_3',
      nextPollAt: 10,
      createdAt: 8,
    }),
  );
  await run(jobs.acquireLease({ owner: 'w1', now: 10, leaseMs: 1000 }));
  await run(snapshots.save('conv_main', { value: 'idle', context: { n: 1 } }, 11));
});

afterEach(() => {
  source.dispose();
  target.dispose();
});

describe('exportJsonl / importJsonl', () => {
  it('round-trips everything exactly', async () => {
    const text = await run(source.exportJsonl());
    expect(text.split('\n')[0]).toBe('{"format":"weft.jsonl","version":1}');
    const summary = await run(target.importJsonl(text));
    expect(summary).toEqual({ conversations: 2, turns: 3, events: 2, jobs: 1, snapshots: 1 });
    expect(await run(target.exportJsonl())).toBe(text);
    for (const id of ['conv_main', 'conv_fork']) {
      expect(await run(target.turns.getConversation(id))).toEqual(
        await run(source.turns.getConversation(id)),
      );
    }
    for (const head of ['turn_2', 'turn_3']) {
      expect(await run(target.turns.readChain(head))).toEqual(
        await run(source.turns.readChain(head)),
      );
    }
    expect(await run(target.turns.readEvents('turn_1', 0))).toEqual(
      await run(source.turns.readEvents('turn_1', 0)),
    );
    expect(await run(target.jobs.getJob('job_1'))).toEqual(await run(source.jobs.getJob('job_1')));
    expect(await run(target.snapshots.list())).toEqual(await run(source.snapshots.list()));
    // Ended turns are indexed on import as on any write; turn_3 is still running.
    expect(await run(target.searchTurns('second'))).toEqual([
      expect.objectContaining({ turnId: 'turn_2', snippet: '[second]' }),
    ]);
    expect(await run(target.searchTurns('branch'))).toEqual([]);
  });

  it('exports one conversation with the ancestors it needs, and imports it elsewhere', async () => {
    const text = await run(source.exportJsonl({ conversationId: 'conv_fork' }));
    const types = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['conversation', 'turn', 'turn', 'event', 'event', 'job']);
    await run(target.importJsonl(text));
    expect(await run(target.turns.readChain('turn_3'))).toEqual(
      await run(source.turns.readChain('turn_3')),
    );
    // The other branch arrives later and shares turn_1 without duplicating it.
    const main = await run(source.exportJsonl({ conversationId: 'conv_main' }));
    expect(await run(target.importJsonl(main))).toMatchObject({
      conversations: 1,
      turns: 1,
      events: 0,
    });
    // Same records; turns of one depth may come in another order (the order they were imported).
    const sorted = (text: string) => text.trim().split('\n').sort();
    expect(sorted(await run(target.exportJsonl()))).toEqual(
      sorted(await run(source.exportJsonl())).filter((line) => !line.includes('"type":"snapshot"')),
    );
  });

  it('fails with NotFound for an unknown conversation', async () => {
    expect(await failureOf(source.exportJsonl({ conversationId: 'conv_x' }))).toMatchObject({
      _tag: 'NotFound',
      kind: 'conversation',
    });
  });

  it('refuses a file from a newer format version, importing nothing', async () => {
    const text = (await run(source.exportJsonl())).replace('"version":1', '"version":2');
    const error = await failureOf(target.importJsonl(text));
    expect(error._tag).toBe('StorageError');
    expect(error.message).toMatch(
      /newer Weft \(format version 2, this build reads up to 1\); upgrade @weft\/store-sqlite/,
    );
    expect((await run(target.turns.listConversations())).items).toEqual([]);
  });

  it('refuses other files and malformed lines without importing a part', async () => {
    expect((await failureOf(target.importJsonl('{"hello":1}\n'))).message).toMatch(
      /not a Weft export header/,
    );
    expect((await failureOf(target.importJsonl(''))).message).toMatch(/the file is empty/);
    const lines = (await run(source.exportJsonl())).trim().split('\n');
    const broken = [...lines.slice(0, 4), '{"type":"turn","data":', ...lines.slice(4)].join('\n');
    expect((await failureOf(target.importJsonl(broken))).message).toMatch(
      /line 5 is not valid JSON/,
    );
    const orphan = [lines[0], lines.find((l) => l.includes('"id":"turn_2"'))].join('\n');
    expect((await failureOf(target.importJsonl(orphan))).message).toMatch(
      /turn turn_2 has a parent that is neither in the file nor in the database/,
    );
    expect((await run(target.turns.listConversations())).items).toEqual([]);
    expect(await failureOf(target.turns.getTurn('turn_1'))).toMatchObject({ _tag: 'NotFound' });
  });

  it('fails with Conflict when a conversation id is taken, importing nothing', async () => {
    await run(target.turns.createConversation({ id: 'conv_fork', createdAt: 0 }));
    const error = await failureOf(target.importJsonl(await run(source.exportJsonl())));
    expect(error).toMatchObject({ _tag: 'Conflict', conversationId: 'conv_fork' });
    expect(await failureOf(target.turns.getConversation('conv_main'))).toMatchObject({
      _tag: 'NotFound',
    });
  });
});
