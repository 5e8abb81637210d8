import { afterEach, describe, expect, it } from 'vitest';
import { eventually, localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('a conversation over the local server', () => {
  it('chains turns with previous_response_id under the server strategy', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ title: 'chat' });
    const first = await convo.send('My name is Ada.').result;
    expect(first.text).toContain('My name is Ada.');
    expect(first.turn.contextStrategy).toBe('server');
    const second = await convo.send('What is my name?').result;
    // The server rebuilt the history from previous_response_id: it knows the earlier message.
    expect(second.text).toContain('turn 2');
    expect(second.text).toContain('My name is Ada.');
    expect(second.turn.parentId).toBe(first.turn.id);
    expect(second.turn.request.input).toHaveLength(1);
    const history = await convo.history();
    expect(history.map((t) => t.id)).toEqual([first.turn.id, second.turn.id]);
    expect(history.every((t) => t.status === 'completed' && t.responseId !== null)).toBe(true);
  });

  it('falls back to local context when the server forgot the previous response, and records why', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('Remember the number 42.').result;
    env.server.faults.push({ forgetPrevious: true });
    const after = await convo.send('Which number?').result;
    expect(after.text).toContain('Remember the number 42.');
    expect(after.turn.contextStrategy).toBe('local');
    expect(after.turn.fallback).toMatchObject({ from: 'server', to: 'local' });
    expect(after.turn.fallback?.reason).toContain('previous_response_not_found');
    const history = await convo.history();
    expect(history).toHaveLength(2);
    // The failed attempt stays in the tree as a sibling, recorded with its error.
    const turns = env.stores.turns;
    const { Effect } = await import('effect');
    const siblings = await Effect.runPromise(turns.childrenOf(history[0]!.id));
    expect(siblings.map((t) => t.status).sort()).toEqual(['completed', 'failed']);
    expect(siblings.find((t) => t.status === 'failed')?.error?.tag).toBe('PreviousResponseNotFound');
  });

  it('sends the whole chain with store: false under the local strategy', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ contextStrategy: 'local', params: { store: false } });
    await convo.send('The sky is green here.').result;
    const second = await convo.send('What colour is the sky?').result;
    expect(second.text).toContain('The sky is green here.');
    expect(second.turn.contextStrategy).toBe('local');
    expect(second.turn.fallback).toBeNull();
    expect(second.turn.request.params.store).toBe(false);
  });

  it('records a fallback when server context is asked for after a store: false turn', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ params: { store: false } });
    await convo.send('one').result;
    const second = await convo.send('two').result;
    expect(second.turn.contextStrategy).toBe('local');
    expect(second.turn.fallback?.reason).toContain('store: false');
    expect(second.text).toContain('"one"');
  });

  it('uses a server-side conversation under the conversation strategy', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation({ contextStrategy: 'conversation' });
    await convo.send('Alpha').result;
    const second = await convo.send('Beta').result;
    expect(second.turn.contextStrategy).toBe('conversation');
    expect(second.text).toContain('"Alpha"');
    const { Effect } = await import('effect');
    const record = await Effect.runPromise(env.stores.turns.getConversation(convo.id));
    expect(record.serverConversationId).toMatch(/^conv_/);
  });

  it('streams the turn events to a for-await consumer', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const turn = convo.send('Hello there');
    const types: string[] = [];
    for await (const e of turn.events()) types.push(e.type);
    expect(types[0]).toBe('turn.started');
    expect(types).toContain('created');
    expect(types).toContain('item.done');
    expect(types.at(-1)).toBe('completed');
    await expect(turn.result).resolves.toMatchObject({ status: 'completed' });
  });

  it('forks from an earlier turn without copying, and both branches go on', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const a = await convo.send('first').result;
    await convo.send('second on main').result;
    const branch = await env.weft.fork({ turnId: a.turn.id });
    const b = await branch.send('second on branch').result;
    expect(b.turn.parentId).toBe(a.turn.id);
    expect(b.text).toContain('"first"');
    expect(b.text).not.toContain('second on main');
    expect((await convo.history()).length).toBe(2);
    expect((await branch.history()).map((t) => t.id)).toEqual([a.turn.id, b.turn.id]);
  });

  it('rejects a second send while one is running', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const one = convo.send('slow one', { params: {} });
    const two = convo.send('too early');
    await expect(two.result).rejects.toMatchObject({ _tag: 'InvalidState' });
    await one.result;
    await eventually(() => convo.state === 'idle', 'idle');
  });
});
