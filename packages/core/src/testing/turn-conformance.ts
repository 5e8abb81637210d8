/**
 * Conformance: a turn's life — begin, response id, first token, partial output, completion.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import {
  failureOf,
  type FixtureAccess,
  newConversation,
  newTurn,
  outputMessage,
  run,
  T0,
  usage,
} from './conformance-support.js';

/** Registers the turn lifecycle tests. */
export function describeTurnConformance(fixture: FixtureAccess): void {
  describe('turns', () => {
    it('begins a root turn as pending with empty output, without moving any head', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      const input = newTurn('turn_1', 'conv_a', null, T0 + 1);
      const turn = await run(turns.beginTurn(input));
      expect(turn).toEqual({
        id: 'turn_1',
        conversationId: 'conv_a',
        parentId: null,
        depth: 0,
        request: input.request,
        responseId: null,
        status: 'pending',
        output: [],
        partial: false,
        usage: null,
        timings: { createdAt: T0 + 1 },
        contextStrategy: 'local',
        executionStrategy: 'blocking',
        fallback: null,
        error: null,
        incompleteReason: null,
      });
      expect(await run(turns.getTurn('turn_1'))).toEqual(turn);
      expect(await run(turns.getConversation('conv_a'))).toMatchObject({
        headTurnId: null,
        version: 0,
      });
    });

    it('gives a child turn its parent depth + 1 and keeps strategies and fallback', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      const child = await run(
        turns.beginTurn({
          ...newTurn('turn_2', 'conv_a', 'turn_1', T0 + 1),
          contextStrategy: 'server',
          executionStrategy: 'background',
          fallback: { from: 'server', to: 'local', reason: 'previous response expired' },
        }),
      );
      expect(child).toMatchObject({
        parentId: 'turn_1',
        depth: 1,
        contextStrategy: 'server',
        executionStrategy: 'background',
        fallback: { from: 'server', to: 'local', reason: 'previous response expired' },
      });
      expect(await run(turns.getTurn('turn_2'))).toEqual(child);
    });

    it('refuses a turn whose parent does not exist, with NotFound, and stores nothing', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      const error = await failureOf(turns.beginTurn(newTurn('turn_2', 'conv_a', 'turn_missing')));
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
      expect((await failureOf(turns.getTurn('turn_2')))._tag).toBe('NotFound');
    });

    it('fails with NotFound (kind turn) for an unknown turn', async () => {
      const { turns } = fixture();
      const error = await failureOf(turns.getTurn('turn_missing'));
      expect(error).toMatchObject({ _tag: 'NotFound', kind: 'turn', id: 'turn_missing' });
    });

    it('records the response id: the turn is in progress and started then', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(turns.recordResponseId('turn_1', 'resp_1', T0 + 5));
      expect(await run(turns.getTurn('turn_1'))).toMatchObject({
        responseId: 'resp_1',
        status: 'in_progress',
        timings: { createdAt: T0, startedAt: T0 + 5 },
      });
    });

    it('records the first token once: a later call does not move it', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(turns.recordFirstToken('turn_1', T0 + 7));
      await run(turns.recordFirstToken('turn_1', T0 + 9));
      expect((await run(turns.getTurn('turn_1'))).timings.firstTokenAt).toBe(T0 + 7);
    });

    it('replaces the output with partial output, then completes with the final output', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(turns.recordResponseId('turn_1', 'resp_1', T0 + 1));
      await run(turns.recordPartialOutput('turn_1', [outputMessage('msg_1', 'Hel')], T0 + 2));
      expect(await run(turns.getTurn('turn_1'))).toMatchObject({
        output: [outputMessage('msg_1', 'Hel')],
        partial: true,
      });
      await run(turns.recordPartialOutput('turn_1', [outputMessage('msg_1', 'Hello')], T0 + 3));
      expect((await run(turns.getTurn('turn_1'))).output).toEqual([
        outputMessage('msg_1', 'Hello'),
      ]);

      const done = await run(
        turns.completeTurn('turn_1', {
          status: 'completed',
          responseId: 'resp_1',
          output: [outputMessage('msg_1', 'Hello!')],
          usage: usage(10, 3),
          completedAt: T0 + 4,
        }),
      );
      expect(done).toMatchObject({
        status: 'completed',
        responseId: 'resp_1',
        output: [outputMessage('msg_1', 'Hello!')],
        partial: false,
        usage: usage(10, 3),
        error: null,
        incompleteReason: null,
        timings: { createdAt: T0, startedAt: T0 + 1, completedAt: T0 + 4 },
      });
      expect(await run(turns.getTurn('turn_1'))).toEqual(done);
    });

    it('completes an interrupted turn as failed with its error and partial output kept', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(turns.recordResponseId('turn_1', 'resp_1', T0 + 1));
      const done = await run(
        turns.completeTurn('turn_1', {
          status: 'failed',
          responseId: null,
          output: [outputMessage('msg_1', 'Hel')],
          usage: null,
          completedAt: T0 + 2,
          error: { tag: 'StreamInterrupted', message: 'The stream broke.' },
          partial: true,
        }),
      );
      expect(done).toMatchObject({
        status: 'failed',
        responseId: 'resp_1',
        output: [outputMessage('msg_1', 'Hel')],
        partial: true,
        usage: null,
        error: { tag: 'StreamInterrupted', message: 'The stream broke.' },
      });
    });

    it('completes a turn as incomplete with its reason, and as cancelled', async () => {
      const { turns } = fixture();
      await run(turns.createConversation(newConversation('conv_a', T0)));
      await run(turns.beginTurn(newTurn('turn_1', 'conv_a', null, T0)));
      await run(turns.beginTurn(newTurn('turn_2', 'conv_a', null, T0)));
      const incomplete = await run(
        turns.completeTurn('turn_1', {
          status: 'incomplete',
          responseId: 'resp_1',
          output: [],
          usage: usage(5, 100),
          completedAt: T0 + 3,
          incompleteReason: 'max_output_tokens',
        }),
      );
      expect(incomplete).toMatchObject({
        status: 'incomplete',
        incompleteReason: 'max_output_tokens',
      });
      const cancelled = await run(
        turns.completeTurn('turn_2', {
          status: 'cancelled',
          responseId: null,
          output: [],
          usage: null,
          completedAt: T0 + 4,
        }),
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', responseId: null, partial: false });
    });

    it('fails every write to an unknown turn with NotFound', async () => {
      const { turns } = fixture();
      const writes = [
        turns.recordResponseId('turn_missing', 'resp_1', T0),
        turns.recordPartialOutput('turn_missing', [], T0),
        turns.recordFirstToken('turn_missing', T0),
        turns.completeTurn('turn_missing', {
          status: 'completed',
          responseId: null,
          output: [],
          usage: null,
          completedAt: T0,
        }),
      ];
      for (const write of writes) {
        expect(await failureOf(write)).toMatchObject({ _tag: 'NotFound', kind: 'turn' });
      }
    });
  });
}
