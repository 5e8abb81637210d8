import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './test-support/backend.js';
import { newVisitor, type Visitor } from './test-support/visitor.js';

let backend: TestBackend;
let alice: Visitor;
let mallory: Visitor;
let id: string;
let callId: string;
let turnId: string;

beforeAll(async () => {
  backend = await startTestBackend();
  alice = await newVisitor(backend.url);
  mallory = await newVisitor(backend.url);
  ({ id } = await alice.json<{ id: string }>('POST', '/api/conversations'));
  await alice.json('POST', `/api/conversations/${id}/messages`, { text: 'I want a refund' });
  const frames = await alice.events(`/api/conversations/${id}/events`, {
    until: (f) => f.event === 'approval',
  });
  turnId = String(frames[0]?.data['turnId']);
  callId = String((frames.at(-1)?.data['calls'] as { callId: string }[])[0]?.callId);
});
afterAll(() => backend.close());

it('gives every visitor an HttpOnly, SameSite=Strict cookie and unguessable conversation ids', async () => {
  const response = await fetch(`${backend.url}/api/conversations`);
  expect(response.headers.get('set-cookie')).toMatch(
    /^weft_visitor=[\w-]{32}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/,
  );
  expect(id).toMatch(/^conv_[0-9a-f]{32}$/);
});

it("refuses every read, re-attach, approval, message and fork on another visitor's conversation", async () => {
  const attempts: [string, string, unknown?][] = [
    ['GET', `/api/conversations/${id}`],
    ['GET', `/api/conversations/${id}/events`],
    ['GET', `/api/conversations/${id}/events?after=${turnId}:0`],
    ['POST', `/api/conversations/${id}/messages`, { text: 'hi' }],
    ['POST', `/api/conversations/${id}/approvals/${callId}`, { approve: true }],
    ['POST', `/api/conversations/${id}/fork`, { turnId }],
  ];
  for (const [method, path, body] of attempts) {
    const response = await mallory.request(method, path, body);
    expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    expect(await response.json()).toEqual({ error: 'No such conversation.' });
  }
  const list = await mallory.json<{ conversations: unknown[] }>('GET', '/api/conversations');
  expect(list.conversations).toEqual([]);
  // Nothing Mallory did changed Alice's conversation: the call still waits for her.
  const view = await alice.json<{ pendingApprovals: { callId: string }[] }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view.pendingApprovals.map((p) => p.callId)).toEqual([callId]);
});

it('treats a request without a cookie, or with a forged one, as a stranger', async () => {
  const anonymous = await fetch(`${backend.url}/api/conversations/${id}`);
  expect(anonymous.status).toBe(404);
  const forged = await fetch(`${backend.url}/api/conversations/${id}`, {
    headers: { cookie: 'weft_visitor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  });
  expect(forged.status).toBe(404);
});

it('refuses a fork at a turn that is not in the conversation', async () => {
  const { id: other } = await alice.json<{ id: string }>('POST', '/api/conversations');
  const response = await alice.request('POST', `/api/conversations/${other}/fork`, { turnId });
  expect(response.status).toBe(409); // empty conversation
  const { id: mine } = await mallory.json<{ id: string }>('POST', '/api/conversations');
  await mallory.json('POST', `/api/conversations/${mine}/messages`, { text: 'Where is my order?' });
  await mallory.events(`/api/conversations/${mine}/events`, { until: (f) => f.event === 'done' });
  // Alice's turn id, on Mallory's own conversation: not part of it.
  const stolen = await mallory.request('POST', `/api/conversations/${mine}/fork`, { turnId });
  expect(stolen.status).toBe(404);
});
