import type { ConversationRecord, Turn } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { expectedReply } from '../crash/crash-script.js';
import { turnOf } from '../crash/test-support/turn-fixture.js';
import { checkTrial, type TrialReport } from './trial-check.js';

const prompts = { a: 'conflict trial 4 from a', b: 'conflict trial 4 from b' };
const before = { version: 4, head: 'turn_head' };
const turnA = turnOf(prompts.a, expectedReply(prompts.a), { id: 'turn_a', parentId: 'turn_head' });
const turnB = turnOf(prompts.b, expectedReply(prompts.b), { id: 'turn_b', parentId: 'turn_head' });
const report = (name: 'a' | 'b', outcome: string, turnId: string): TrialReport => ({
  name,
  prompt: prompts[name],
  outcome,
  turnId,
  version: 4,
  head: 'turn_head',
});
const after = (headTurnId: string, version = 5) =>
  ({ id: 'conv', headTurnId, version }) as ConversationRecord;
const turnsOf = (a: Turn[] = [turnA], b: Turn[] = [turnB]) =>
  new Map([
    ['a', a],
    ['b', b],
  ]);

describe('checkTrial', () => {
  it('holds for one winner, one Conflict, both turns intact and the head at the winner', () => {
    const reports = [report('a', 'Conflict', 'turn_a'), report('b', 'ok', 'turn_b')];
    expect(checkTrial(reports, { before, after: after('turn_b'), turnsOf: turnsOf() })).toEqual([]);
  });

  it('fails when both win, or neither', () => {
    const both = [report('a', 'ok', 'turn_a'), report('b', 'ok', 'turn_b')];
    expect(checkTrial(both, { before, after: after('turn_b'), turnsOf: turnsOf() })).not.toEqual(
      [],
    );
    const none = [report('a', 'Conflict', 'turn_a'), report('b', 'ServerError', 'turn_b')];
    expect(
      checkTrial(none, { before, after: after('turn_head', 4), turnsOf: turnsOf() }),
    ).not.toEqual([]);
  });

  it('fails on a torn or missing loser turn, a head elsewhere, or a version that jumped', () => {
    const reports = [report('a', 'Conflict', 'turn_a'), report('b', 'ok', 'turn_b')];
    const torn = turnOf(prompts.a, 'half', {
      id: 'turn_a',
      parentId: 'turn_head',
      status: 'failed',
      partial: true,
    });
    expect(
      checkTrial(reports, { before, after: after('turn_b'), turnsOf: turnsOf([torn]) }),
    ).toHaveLength(1);
    expect(
      checkTrial(reports, { before, after: after('turn_b'), turnsOf: turnsOf([]) }),
    ).toHaveLength(1);
    expect(
      checkTrial(reports, { before, after: after('turn_a'), turnsOf: turnsOf() }),
    ).toHaveLength(1);
    expect(
      checkTrial(reports, { before, after: after('turn_b', 6), turnsOf: turnsOf() }),
    ).toHaveLength(1);
  });
});
