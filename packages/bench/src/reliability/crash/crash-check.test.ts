import { describe, expect, it } from 'vitest';
import { checkSend } from './crash-check.js';
import { expectedReply } from './crash-script.js';
import { turnOf } from './test-support/turn-fixture.js';

const prompt = 'crash cycle 1: answer in full';
const reply = expectedReply(prompt);

describe('checkSend', () => {
  it('passes one complete answer on the head chain, beside an interrupted partial turn', () => {
    const cut = turnOf(prompt, reply.slice(0, 30), { status: 'failed', partial: true });
    const done = turnOf(prompt, reply);
    const verdict = checkSend({ turns: [cut, done], chain: [done] }, prompt);
    expect(verdict).toMatchObject({ lost: 0, duplicated: 0, problems: [] });
  });

  it('ignores a turn stored pending before its request was sent', () => {
    const pending = turnOf(prompt, '', { status: 'pending', responseId: null });
    const done = turnOf(prompt, reply);
    expect(checkSend({ turns: [pending, done], chain: [done] }, prompt)).toMatchObject({
      lost: 0,
      duplicated: 0,
    });
  });

  it('counts a send lost when no complete answer is on the head chain', () => {
    const offChain = turnOf(prompt, reply);
    expect(checkSend({ turns: [offChain], chain: [] }, prompt)).toMatchObject({
      lost: 1,
      duplicated: 0,
    });
    const short = turnOf(prompt, reply.slice(0, -5));
    expect(checkSend({ turns: [short], chain: [short] }, prompt).lost).toBe(1);
  });

  it('counts a send lost when an interrupted turn is left open, torn or unmarked', () => {
    const done = turnOf(prompt, reply);
    const open = turnOf(prompt, reply.slice(0, 20), { status: 'in_progress', partial: true });
    const torn = turnOf(prompt, 'something else', { status: 'failed', partial: true });
    const unmarked = turnOf(prompt, reply.slice(0, 20), { status: 'failed', partial: false });
    for (const bad of [open, torn, unmarked]) {
      expect(checkSend({ turns: [bad, done], chain: [done] }, prompt).lost).toBe(1);
    }
  });

  it('counts every extra completed answer as duplicated, on or off the head chain', () => {
    const first = turnOf(prompt, reply, { parentId: 'turn_0' });
    const again = turnOf(prompt, reply, { parentId: 'turn_0' });
    const verdict = checkSend({ turns: [first, again], chain: [again] }, prompt);
    expect(verdict).toMatchObject({ lost: 0, duplicated: 1 });
    expect(verdict.problems.join(' ')).toContain('2 completed turns');
    const stacked = turnOf(prompt, reply, { parentId: first.id });
    expect(checkSend({ turns: [first, stacked], chain: [first, stacked] }, prompt).duplicated).toBe(
      1,
    );
  });
});
