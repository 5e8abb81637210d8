import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SnapshotStoreShape } from '../ports/snapshot-store.js';
import { defineTool } from '../tools/define-tool.js';
import { snapshotKey } from './conversation.js';
import { eventually, localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Records the state of every snapshot `save` on the store the Weft writes to. */
function countSaves(snapshots: SnapshotStoreShape): string[] {
  const saved: string[] = [];
  const save = snapshots.save.bind(snapshots);
  (snapshots as { save: SnapshotStoreShape['save'] }).save = (key, snapshot, at) => {
    saved.push(String((snapshot as { state?: unknown }).state));
    return save(key, snapshot, at);
  };
  return saved;
}

const lookup = defineTool({
  name: 'lookup',
  description: 'Looks a word up.',
  parameters: z.object({ word: z.string() }),
  execute: ({ word }) => ({ word, meaning: 'a test' }),
});

const script = {
  rules: [
    {
      match: { input: 'define' },
      reply: { functionCalls: [{ name: 'lookup', arguments: { word: 'weft' } }] },
    },
    { match: { functionOutput: { name: 'lookup' } }, reply: { text: 'Weft: a test.' } },
  ],
};

describe('snapshot writes', () => {
  it('writes nothing for a new conversation and two snapshots per plain turn: running, then idle', async () => {
    env = await localWeft();
    const saved = countSaves(env.stores.snapshots);
    const convo = await env.weft.conversation();
    await convo.flush();
    expect(saved).toEqual([]);
    await convo.send('one').result;
    await convo.flush();
    expect(saved).toEqual(['running', 'idle']);
    await convo.send('two').result;
    await convo.flush();
    expect(saved).toEqual(['running', 'idle', 'running', 'idle']);
  });

  it('writes each tool round once: running, toolCalls, running, idle', async () => {
    env = await localWeft({ script });
    const saved = countSaves(env.stores.snapshots);
    const convo = await env.weft.conversation({ tools: [lookup] });
    const result = await convo.send('define weft').result;
    await convo.flush();
    expect(result.text).toBe('Weft: a test.');
    expect(saved).toEqual(['running', 'toolCalls', 'running', 'idle']);
  });

  it('writes nothing when a stored conversation is opened and left alone', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    await convo.close();
    const saved = countSaves(env.stores.snapshots);
    const before = await Effect.runPromise(env.stores.snapshots.load(snapshotKey(convo.id)));
    const reopened = await env.reopen().open(convo.id);
    expect(reopened.state).toBe('idle');
    expect(reopened.headTurnId).toBe(convo.headTurnId);
    await reopened.flush();
    expect(saved).toEqual([]);
    // Used, it writes as any conversation does, and its stored snapshot moves on.
    await reopened.send('two').result;
    await reopened.flush();
    expect(saved).toEqual(['running', 'idle']);
    const after = await Effect.runPromise(env.stores.snapshots.load(snapshotKey(convo.id)));
    expect(after?.version).toBe((before?.version ?? 0) + 2);
  });

  it('writes a settings change made while idle, once', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    await convo.send('one').result;
    await convo.flush();
    const saved = countSaves(env.stores.snapshots);
    convo.configure({ contextStrategy: 'local' });
    convo.configure({ contextStrategy: 'local' });
    await convo.flush();
    expect(saved).toEqual(['idle']);
    const stored = await Effect.runPromise(env.stores.snapshots.load(snapshotKey(convo.id)));
    expect(stored?.snapshot).toMatchObject({ snapshot: { context: { contextStrategy: 'local' } } });
    await eventually(() => convo.state === 'idle', 'idle');
  });
});
