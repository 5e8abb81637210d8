import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('retries, cancellation and rebuilding', () => {
  it('retries a 429 after the Retry-After the server asked for', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    env.server.faults.push({ status: 429, retryAfterSeconds: 1, times: 1 });
    const turn = convo.send('hello');
    await eventually(() => convo.state === 'retrying', 'retrying');
    expect(convo.actor.getSnapshot().context.retryDelayMs).toBe(1000);
    env.timers.increment(999);
    expect(convo.state).toBe('retrying');
    env.timers.increment(1);
    const result = await turn.result;
    expect(result.text).toContain('hello');
    const siblings = await Effect.runPromise(env.stores.turns.readChain(result.turn.id));
    expect(siblings).toHaveLength(1);
  });

  it('retries a 503 with back-off and succeeds', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    env.server.faults.push({ status: 503, times: 2 });
    const turn = convo.send('hi');
    await eventually(() => convo.state === 'retrying', 'first retry');
    env.timers.increment(10);
    await eventually(() => convo.state === 'retrying' && convo.actor.getSnapshot().context.attempt === 2, 'second retry');
    env.timers.increment(20);
    await expect(turn.result).resolves.toMatchObject({ status: 'completed' });
  });

  it('does not re-send a request the server may have accepted (timeout)', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ timeoutMs: 50 });
    env.server.faults.push({ delayFirstMs: 500, times: 1 });
    const err = await convo.send('slow').result.catch((e: unknown) => e);
    expect(err).toMatchObject({ _tag: 'Timeout' });
    expect(convo.state).toBe('failed');
    // RETRY from failed sends the same input again.
    convo.configure({ timeoutMs: 30_000 });
    const again = await convo.retry().result;
    expect(again.text).toContain('slow');
  });

  it('does not retry a 400', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ params: { temperature: 'hot' as unknown as number } });
    await expect(convo.send('x').result).rejects.toMatchObject({ _tag: 'InvalidRequest' });
    expect(convo.actor.getSnapshot().context.attempt).toBe(0);
  });

  it('cancels a running turn, aborting the request and recording the turn as cancelled', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    env.server.faults.push({ delayFirstMs: 2000, times: 1 });
    const controller = new AbortController();
    const turn = convo.send('never mind', { signal: controller.signal });
    await eventually(() => convo.state === 'running', 'running');
    controller.abort();
    await expect(turn.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    expect(convo.state).toBe('cancelled');
    const turns = env.stores.turns;
    await eventually(() => true, 'tick');
    const id = convo.actor.getSnapshot().context.currentTurnId!;
    await eventually(() => Effect.runSync(Effect.orDie(turns.getTurn(id))).status === 'cancelled', 'cancel recorded');
    expect(convo.headTurnId).toBeNull();
    const next = await convo.send('go on').result;
    expect(next.turn.parentId).toBeNull();
  });

  it('rebuilds a live machine from the store, and a turn cut off by a crash becomes retryable', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    env.server.faults.push({ delayFirstMs: 5000, times: 1 });
    void convo.send('two').result.catch(() => undefined);
    await eventually(() => convo.state === 'running', 'running');
    await convo.flush();
    // The process "dies": its machine is gone without cleaning up.
    convo.actor.stop();

    const other = env.reopen();
    const rebuilt = await other.open(convo.id);
    expect(rebuilt.state).toBe('failed');
    expect(rebuilt.headTurnId).toBe(convo.headTurnId);
    const orphan = Effect.runSync(Effect.orDie(env.stores.turns.listConversations()));
    expect(orphan.items).toHaveLength(1);
    // Whether or not the cut-off request reached the server, the new process gets a healthy one.
    env.server.faults.clear();
    const again = await rebuilt.retry().result;
    expect(again.text).toContain('two');
    expect((await rebuilt.history()).length).toBe(2);
  });
});
