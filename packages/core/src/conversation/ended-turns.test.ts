import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseFailed } from '../errors.js';
import { snapshotKey } from './conversation.js';
import { eventually, localWeft, type LocalWeft } from './local-weft.test-support.js';

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

let t: LocalWeft | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('ended turns', () => {
  it('a failed response stays off the path: the head stays and retry() sends from it', async () => {
    t = await localWeft({ weft: { defaults: { model: 'scripted-1', retry: { maxAttempts: 1 } } } });
    const convo = await t.weft.conversation();
    const first = await convo.send('Hello.').result;
    t.server.faults.push({ failWith: { code: 'server_error', message: 'It broke.' }, times: 1 });
    await expect(convo.send('Again.').result).rejects.toBeInstanceOf(ResponseFailed);
    const record = await run(t.stores.turns.getConversation(convo.id));
    expect(record.headTurnId).toBe(first.turn.id);
    const failed = (await run(t.stores.turns.childrenOf(first.turn.id)))[0];
    expect(failed?.status).toBe('failed');
    const retried = await convo.retry().result;
    const chain = await run(t.stores.turns.readChain(retried.turn.id));
    expect(chain.map((turn) => turn.id)).toEqual([first.turn.id, retried.turn.id]);
  });

  it('a turn stored as completed while the snapshot still says running is reported, not re-sent', async () => {
    t = await localWeft();
    const saved: { state: string; value: unknown }[] = [];
    const snapshots = t.stores.snapshots;
    const recording = {
      ...snapshots,
      save: (key: string, value: unknown, at: number) => {
        saved.push({ state: (value as { state: string }).state, value });
        return snapshots.save(key, value, at);
      },
    };
    const weft = t.reopen({ store: { ...t.stores, snapshots: recording } });
    const convo = await weft.conversation();
    const answer = await convo.send('Hello.').result;
    await weft.close();
    // The process stopped after the turn's end was stored, before the next snapshot was written.
    const running = saved.find((s) => s.state === 'running');
    expect(running).toBeDefined();
    await run(snapshots.save(snapshotKey(convo.id), running?.value, 1));

    const reopened = await t.reopen().open(convo.id);
    await eventually(() => reopened.state === 'idle', 'idle after recovery');
    const record = await run(t.stores.turns.getConversation(convo.id));
    expect(record.headTurnId).toBe(answer.turn.id);
    expect(await run(t.stores.turns.childrenOf(answer.turn.id))).toEqual([]);
    const chain = await run(t.stores.turns.readChain(answer.turn.id));
    expect(chain).toHaveLength(1);
    const next = await reopened.send('And then?').result;
    expect((await run(t.stores.turns.getTurn(next.turn.id))).parentId).toBe(answer.turn.id);
  });
});
