import { afterAll, beforeAll, expect, it } from 'vitest';
import { storyText } from './agent.js';
import { startTestBackend, type TestBackend } from './test-support/backend.js';
import { deltaText, newVisitor, type Frame } from './test-support/visitor.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

async function startConversation(text: string) {
  const visitor = await newVisitor(backend.url);
  const { id } = await visitor.json<{ id: string }>('POST', '/api/conversations');
  const sent = await visitor.request('POST', `/api/conversations/${id}/messages`, { text });
  expect(sent.status).toBe(202);
  return { visitor, id };
}

const isDone = (f: Frame) => f.event === 'done';

it('streams an answer over SSE: the turn with its user message, the deltas, the end', async () => {
  const { visitor, id } = await startConversation('Tell me a story');
  const frames = await visitor.events(`/api/conversations/${id}/events`, { until: isDone });
  expect(frames[0]).toMatchObject({
    event: 'turn',
    data: { messages: [{ role: 'user', text: 'Tell me a story' }] },
  });
  expect(frames.filter((f) => f.event === 'delta').length).toBeGreaterThan(20);
  expect(deltaText(frames)).toBe(storyText);
  expect(frames.at(-2)?.event).toBe('completed');
  expect(frames.at(-1)).toMatchObject({ event: 'done', data: { status: 'done', error: null } });

  const view = await visitor.json<{ messages: unknown[]; active: boolean; title: string }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view).toMatchObject({ active: false, title: 'Tell me a story' });
  expect(view.messages).toMatchObject([
    { role: 'user', text: 'Tell me a story' },
    { role: 'assistant', text: storyText },
  ]);
});

it('re-attaches with Last-Event-ID after a dropped connection and loses nothing', async () => {
  const { visitor, id } = await startConversation('Another story, please');
  const path = `/api/conversations/${id}/events`;
  const first = await visitor.events(path, {
    until: (f) => f.event === 'delta' && Number(f.id?.split(':')[1]) >= 8,
  });
  const last = first.at(-1)?.id;
  expect(last).toMatch(/^turn_\w+:\d+$/);
  const rest = await visitor.events(path, { lastEventId: last ?? '', until: isDone });
  expect(rest[0]?.event).not.toBe('turn'); // continues inside the turn, no repeat
  const all = [...first, ...rest];
  const ids = all.flatMap((f) => (f.id === undefined ? [] : [f.id]));
  expect(new Set(ids).size).toBe(ids.length);
  expect(deltaText(all)).toBe(storyText);
});

it('replays the whole answer in flight to a reader that starts over (a page reload)', async () => {
  const { visitor, id } = await startConversation('Tell me a story again');
  const path = `/api/conversations/${id}/events`;
  await visitor.events(path, { until: (f) => f.event === 'delta' });
  const during = await visitor.json<{ active: boolean; messages: unknown[] }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(during).toMatchObject({ active: true, messages: [] });
  const again = await visitor.events(path, { until: isDone });
  expect(again[0]).toMatchObject({ event: 'turn' });
  expect(deltaText(again)).toBe(storyText);
});

it('waits for approval, then runs the tool and streams the final answer', async () => {
  const { visitor, id } = await startConversation('I want a refund for order A-42');
  const path = `/api/conversations/${id}/events`;
  const untilApproval = await visitor.events(path, { until: (f) => f.event === 'approval' });
  const approval = untilApproval.at(-1);
  const calls = approval?.data['calls'] as { callId: string; name: string }[];
  expect(calls).toMatchObject([{ name: 'issue_refund' }]);
  const callId = calls[0]?.callId ?? '';

  const view = await visitor.json<{ pendingApprovals: unknown[]; active: boolean }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view).toMatchObject({
    active: true,
    pendingApprovals: [{ callId, name: 'issue_refund' }],
  });
  const busy = await visitor.request('POST', `/api/conversations/${id}/messages`, {
    text: 'hello?',
  });
  expect(busy.status).toBe(409);

  expect(
    (
      await visitor.request('POST', `/api/conversations/${id}/approvals/${callId}`, {
        approve: true,
      })
    ).status,
  ).toBe(200);
  const rest = await visitor.events(path, {
    lastEventId: untilApproval.findLast((f) => f.id !== undefined)?.id ?? '',
    until: isDone,
  });
  expect(rest[0]).toMatchObject({
    event: 'turn',
    data: { messages: [{ role: 'tool-result', callId }] },
  });
  expect(deltaText(rest)).toBe('Done: order A-42 was refunded 42.50 EUR.');
  expect(rest.at(-1)).toMatchObject({ data: { status: 'done' } });

  const again = await visitor.request('POST', `/api/conversations/${id}/approvals/${callId}`, {
    approve: true,
  });
  expect(again.status).toBe(404);
});

it('forks a conversation into a new one of the same visitor', async () => {
  const { visitor, id } = await startConversation('Where is my order?');
  await visitor.events(`/api/conversations/${id}/events`, { until: isDone });
  const view = await visitor.json<{ messages: { turnId: string }[] }>(
    'GET',
    `/api/conversations/${id}`,
  );
  const firstTurn = view.messages[0]?.turnId ?? '';
  const fork = await visitor.json<{ id: string }>('POST', `/api/conversations/${id}/fork`, {
    turnId: firstTurn,
  });
  expect(fork.id).not.toBe(id);
  const forked = await visitor.json<{ messages: { role: string }[] }>(
    'GET',
    `/api/conversations/${fork.id}`,
  );
  expect(forked.messages.map((m) => m.role)).toEqual(['user', 'tool']);
  const list = await visitor.json<{ conversations: { id: string }[] }>('GET', '/api/conversations');
  expect(list.conversations.map((c) => c.id).sort()).toEqual([id, fork.id].sort());
});
