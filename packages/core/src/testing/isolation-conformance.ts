/**
 * Conformance: data given to or returned by a store is not aliased to what the store keeps.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Metadata } from '../domain/conversation.js';
import type { OutputItem } from '../domain/items.js';
import {
  deltaEvent,
  type FixtureAccess,
  mutable,
  newConversation,
  newTurn,
  outputMessage,
  run,
  T0,
  tryMutate,
} from './conformance-support.js';

/** Registers the aliasing tests. Stores may return frozen data or fresh copies; both pass. */
export function describeIsolationConformance(fixture: FixtureAccess): void {
  describe('isolation from callers', () => {
    it('does not keep references to conversation inputs or share returned conversations', async () => {
      const { turns } = fixture();
      const metadata: Record<string, string> = { tenant: 'acme' };
      const created = await run(
        turns.createConversation(newConversation('conv_a', T0, { metadata: metadata as Metadata })),
      );
      metadata['tenant'] = 'changed';
      tryMutate(() => {
        mutable(created).title = 'changed';
        mutable(created.metadata as Record<string, string>)['tenant'] = 'changed';
      });
      const fetched = await run(turns.getConversation('conv_a'));
      expect(fetched).toMatchObject({ title: null, metadata: { tenant: 'acme' } });
      tryMutate(() => {
        mutable(fetched).headTurnId = 'turn_bogus';
      });
      const listed = await run(turns.listConversations());
      tryMutate(() => {
        mutable(listed.items[0]!).version = 99;
      });
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: null,
        version: 0,
      });
    });

    it('does not keep references to turn inputs or share returned turns', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      const input = newTurn('turn_1', 'conv_a', null, T0);
      const inputItems = [...input.request.input];
      const begun = await run(
        turns.beginTurn({ ...input, request: { ...input.request, input: inputItems } }),
      );
      inputItems.push({ type: 'message', role: 'user', content: 'injected' });
      tryMutate(() => {
        mutable(begun).status = 'completed';
        (begun.request.input as unknown[]).push('injected');
        (begun.output as unknown[]).push('injected');
      });
      const output: OutputItem[] = [outputMessage('msg_1', 'partial')];
      await run(turns.recordPartialOutput('turn_1', output, T0 + 1));
      output.push(outputMessage('msg_2', 'injected'));

      const fetched = await run(turns.getTurn('turn_1'));
      expect(fetched.status).not.toBe('completed');
      expect(fetched.request.input).toEqual(input.request.input);
      expect(fetched.output).toEqual([outputMessage('msg_1', 'partial')]);

      const chain = await run(turns.readChain('turn_1'));
      tryMutate(() => {
        (chain as unknown[]).length = 0;
        mutable(chain[0]!.timings).createdAt = 0;
      });
      expect((await run(turns.readChain('turn_1')))[0]?.timings.createdAt).toBe(T0);
    });

    it('does not share completed output or stored events', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      const finalOutput: OutputItem[] = [outputMessage('msg_1', 'done')];
      const done = await run(
        turns.completeTurn('turn_1', {
          status: 'completed',
          responseId: 'resp_1',
          output: finalOutput,
          usage: null,
          completedAt: T0 + 1,
        }),
      );
      finalOutput.length = 0;
      tryMutate(() => {
        (done.output as unknown[]).length = 0;
      });
      expect((await run(turns.getTurn('turn_1'))).output).toEqual([outputMessage('msg_1', 'done')]);

      const event = deltaEvent('turn_1', 'abc');
      await run(turns.appendEvents('turn_1', [{ event, at: T0 }]));
      mutable(event as { delta: string }).delta = 'changed';
      const read = await run(turns.readEvents('turn_1', 0));
      tryMutate(() => {
        mutable(read[0]!).index = 7;
        (read as unknown[]).push('x');
      });
      expect(await run(turns.readEvents('turn_1', 0))).toEqual([
        { turnId: 'turn_1', index: 0, event: deltaEvent('turn_1', 'abc'), at: T0 },
      ]);
    });

    it('does not share returned jobs', async () => {
      const { jobs } = fixture();
      const job = await run(
        jobs.createJob({
          id: 'job_1',
          turnId: 'turn_1',
          conversationId: 'conv_a',
          responseId: 'resp_1',
          nextPollAt: T0,
          createdAt: T0,
        }),
      );
      tryMutate(() => {
        mutable(job).leaseOwner = 'intruder';
      });
      const listed = await run(jobs.listJobs());
      tryMutate(() => {
        mutable(listed[0]!).status = 'failed';
      });
      expect(await run(jobs.getJob('job_1'))).toMatchObject({ leaseOwner: null, status: 'active' });
    });

    it('does not keep references to saved snapshots or share loaded ones', async () => {
      const { snapshots } = fixture();
      const snapshot = { value: 'idle', context: { items: ['a'] } };
      const saved = await run(snapshots.save('k', snapshot, T0));
      snapshot.context.items.push('b');
      tryMutate(() => {
        (saved.snapshot as typeof snapshot).context.items.push('c');
      });
      const loaded = await run(snapshots.load('k'));
      tryMutate(() => {
        (loaded?.snapshot as typeof snapshot).context.items.push('d');
      });
      const listed = await run(snapshots.list());
      tryMutate(() => {
        (listed[0]?.snapshot as typeof snapshot).value = 'changed';
      });
      expect((await run(snapshots.load('k')))?.snapshot).toEqual({
        value: 'idle',
        context: { items: ['a'] },
      });
    });
  });
}
