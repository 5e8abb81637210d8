import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { snapshotKey } from './conversation.js';
import { localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('a stored conversation opened in a new process', () => {
  it('reports its state and head before its machine runs, and works as before once used', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const first = await convo.send('one').result;
    await env.weft.close();

    const reopened = await env.reopen().open(convo.id);
    expect(reopened.state).toBe('idle');
    expect(reopened.headTurnId).toBe(first.turn.id);
    expect(reopened.pendingApprovals).toEqual([]);
    expect((await reopened.history()).map((t) => t.id)).toEqual([first.turn.id]);
    const second = await reopened.send('two').result;
    expect(second.turn.parentId).toBe(first.turn.id);
    expect(reopened.headTurnId).toBe(second.turn.id);
    expect(reopened.actor.getSnapshot().context.version).toBe(2);
  });

  it('opens a conversation that has no stored snapshot as a fresh idle machine at the stored head', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const first = await convo.send('one').result;
    await convo.close();
    await Effect.runPromise(env.stores.snapshots.delete(snapshotKey(convo.id)));

    const reopened = await env.reopen().open(convo.id);
    expect(reopened.state).toBe('idle');
    expect(reopened.headTurnId).toBe(first.turn.id);
    const second = await reopened.send('two').result;
    expect(second.turn.parentId).toBe(first.turn.id);
  });

  it('keeps a failed send retryable: retry() re-sends the stored input', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    env.server.faults.push({ status: 400, times: 1 });
    await expect(convo.send('again please').result).rejects.toMatchObject({ _tag: 'InvalidRequest' });
    await convo.close();

    const reopened = await env.reopen().open(convo.id);
    expect(reopened.state).toBe('failed');
    expect(reopened.actor.getSnapshot().context.lastError).toMatchObject({ tag: 'InvalidRequest' });
    const retried = await reopened.retry().result;
    expect(retried.text).toContain('again please');
  });

  it('ignores cancel() while idle, as a running machine does', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    await convo.close();
    const reopened = await env.reopen().open(convo.id);
    reopened.cancel('nothing runs');
    expect(reopened.state).toBe('idle');
    await expect(reopened.send('two').result).resolves.toMatchObject({ status: 'completed' });
  });

  it('shows every opened machine to an inspector at open', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    await convo.close();
    const events: InspectionEvent[] = [];
    await env.reopen({ inspect: (e) => events.push(e) }).open(convo.id);
    expect(events.filter((e) => e.type === '@xstate.actor')).toHaveLength(1);
  });

  it('is stopped like any other machine when closed before its first use', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    await convo.close();
    const weft = env.reopen();
    const reopened = await weft.open(convo.id);
    await weft.close();
    expect(reopened.actor.getSnapshot().status).toBe('stopped');
    expect(reopened.state).toBe('idle');
  });

  it('opens several at once with openMany, each as open() would, lined up with the ids', async () => {
    env = await localWeft();
    const idle = await env.weft.conversation();
    const first = await idle.send('one').result;
    const fresh = await env.weft.conversation();
    const failing = await env.weft.conversation();
    env.server.faults.push({ status: 400, times: 1 });
    await expect(failing.send('again please').result).rejects.toMatchObject({ _tag: 'InvalidRequest' });
    await env.weft.close();

    const weft = env.reopen();
    const opened = await weft.openMany([failing.id, idle.id, fresh.id]);
    expect(opened.map((c) => [c.id, c.state])).toEqual([
      [failing.id, 'failed'],
      [idle.id, 'idle'],
      [fresh.id, 'idle'],
    ]);
    expect(opened[1]?.headTurnId).toBe(first.turn.id);
    expect((await opened[0]!.retry().result).text).toContain('again please');
    await expect(weft.openMany([idle.id, 'conv_missing'])).rejects.toMatchObject({ _tag: 'NotFound' });
    await expect(weft.openMany([idle.id, idle.id])).rejects.toThrow(TypeError);
  });
});
