import { afterEach, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './test-support/backend.js';
import { newVisitor } from './test-support/visitor.js';

let backend: TestBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

it('answers 413 to a body over the byte limit and to a message over the character limit', async () => {
  backend = await startTestBackend({ limits: { maxBodyBytes: 2048, maxMessageChars: 100 } });
  const visitor = await newVisitor(backend.url);
  const { id } = await visitor.json<{ id: string }>('POST', '/api/conversations');
  const huge = await visitor.request('POST', `/api/conversations/${id}/messages`, {
    text: 'x'.repeat(5000),
  });
  expect(huge.status).toBe(413);
  const long = await visitor.request('POST', `/api/conversations/${id}/messages`, {
    text: 'y'.repeat(101),
  });
  expect(long.status).toBe(413);
  expect(await long.json()).toEqual({ error: 'Messages are limited to 100 characters.' });
  const bad = await visitor.request('POST', `/api/conversations/${id}/messages`, '{"text":');
  expect(bad.status).toBe(400);
  const view = await visitor.json<{ messages: unknown[]; active: boolean }>(
    'GET',
    `/api/conversations/${id}`,
  );
  expect(view).toMatchObject({ messages: [], active: false });
});

it('answers 429 with Retry-After once a visitor writes too often', async () => {
  backend = await startTestBackend({ limits: { writesPerMinute: 3 } });
  const visitor = await newVisitor(backend.url);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await visitor.request('POST', '/api/conversations')).status);
  expect(statuses).toEqual([201, 201, 201, 429]);
  const refused = await visitor.request('POST', '/api/conversations');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // Reads are still served, and another visitor has its own budget.
  expect((await visitor.request('GET', '/api/conversations')).status).toBe(200);
  const other = await newVisitor(backend.url);
  expect((await other.request('POST', '/api/conversations')).status).toBe(201);
});

it('answers 429 once an address sends too many requests of any kind', async () => {
  backend = await startTestBackend({ limits: { requestsPerMinute: 5 } });
  const visitor = await newVisitor(backend.url); // one request
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++)
    statuses.push((await visitor.request('GET', '/api/conversations')).status);
  expect(statuses).toEqual([200, 200, 200, 200, 429]);
});

it('serves the page with a strict content security policy', async () => {
  backend = await startTestBackend();
  const page = await fetch(`${backend.url}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
  expect((await fetch(`${backend.url}/app.js`)).headers.get('content-type')).toMatch(
    /^text\/javascript/,
  );
});
