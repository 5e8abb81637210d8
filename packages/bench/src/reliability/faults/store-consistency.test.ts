import type { ConversationRecord, Job, StoredEvent, Turn } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { consistencyProblems, readExport, type ExportedConversation } from './store-consistency.js';

const turn = (id: string, parentId: string | null, status: Turn['status'], text = id): Turn =>
  ({
    id,
    conversationId: 'c',
    parentId,
    status,
    request: { input: [{ role: 'user', content: text }], params: { model: 'm' } },
  }) as unknown as Turn;
const conversation = (headTurnId: string | null) =>
  ({ id: 'c', headTurnId }) as unknown as ConversationRecord;
const event = (turnId: string, index: number) => ({ turnId, index }) as unknown as StoredEvent;
const job = (turnId: string, status: Job['status']) => ({ turnId, status }) as unknown as Job;

const stored = (over: Partial<ExportedConversation>): ExportedConversation => ({
  conversation: conversation('t2'),
  turns: [turn('t1', null, 'completed'), turn('t2', 't1', 'completed')],
  events: [event('t2', 0), event('t2', 1)],
  jobs: [],
  ...over,
});

describe('consistencyProblems', () => {
  it('accepts a head moved to a completed turn, or left where it was', () => {
    expect(consistencyProblems(stored({}), 't1')).toEqual([]);
    expect(
      consistencyProblems(
        stored({
          conversation: conversation('t1'),
          turns: [turn('t1', null, 'completed'), turn('t2', 't1', 'failed')],
        }),
        't1',
      ),
    ).toEqual([]);
  });

  it('refuses a head moved to a failed turn', () => {
    const turns = [turn('t1', null, 'completed'), turn('t2', 't1', 'failed')];
    expect(consistencyProblems(stored({ turns }), 't1')).toEqual([
      'head moved to turn t2 with status failed',
    ]);
  });

  it('refuses a turn stuck in progress unless an active job owns it', () => {
    const turns = [turn('t1', null, 'completed'), turn('t2', 't1', 'in_progress')];
    const state = stored({ conversation: conversation('t1'), turns });
    expect(consistencyProblems(state, 't1')).toEqual([
      'turn t2 is stuck in_progress with no active job',
    ]);
    expect(consistencyProblems({ ...state, jobs: [job('t2', 'active')] }, 't1')).toEqual([]);
    expect(consistencyProblems({ ...state, jobs: [job('t2', 'failed')] }, 't1')).toHaveLength(1);
  });

  it('refuses two finished turns answering one send', () => {
    const turns = [
      turn('t1', null, 'completed'),
      turn('t2', 't1', 'completed', 'q'),
      turn('t3', 't1', 'completed', 'q'),
    ];
    expect(consistencyProblems(stored({ turns }), 't1')).toEqual([
      'turns t2 and t3 answer the same send',
    ]);
  });

  it('refuses gaps and repeats in an event log', () => {
    expect(consistencyProblems(stored({ events: [event('t2', 0), event('t2', 2)] }), 't1')).toEqual(
      ['events of turn t2 are not numbered 0…1: 0,2'],
    );
    expect(
      consistencyProblems(stored({ events: [event('t2', 0), event('t2', 0)] }), 't1'),
    ).toHaveLength(1);
  });

  it('reads an export and finds its conversation', () => {
    const text = [
      '{"format":"weft.jsonl","version":1}',
      JSON.stringify({ type: 'conversation', data: { id: 'c', headTurnId: null } }),
      JSON.stringify({ type: 'turn', data: turn('t1', null, 'completed') }),
      '',
    ].join('\n');
    expect(readExport(text, 'c').turns.map((t) => t.id)).toEqual(['t1']);
    expect(() => readExport(text, 'other')).toThrow(/no conversation other/);
  });
});
