import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, postJson, startTestServer } from '../test-support/server.js';
import { parseSse } from '../test-support/sse.js';

let t: TestServer;
afterEach(async () => t.close());

async function waitFor<T>(fn: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await fn();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('timed out waiting');
}

describe('background mode', () => {
  it('answers queued at once, then completes', async () => {
    t = await startTestServer();
    const queued = await t.client.responses.create({ model: 'gpt-5', input: 'hello', background: true });
    expect(queued.status).toBe('queued');
    expect(queued.output).toEqual([]);
    expect(queued.usage).toBeNull();
    expect(queued.completed_at).toBeNull();
    expect(queued.background).toBe(true);
    const done = await waitFor(() => t.client.responses.retrieve(queued.id), (r) => r.status === 'completed');
    expect(done.output_text).toContain('hello');
    expect(done.usage).not.toBeNull();
  });

  it('refuses background with store:false', async () => {
    t = await startTestServer();
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: 'x', background: true, store: false }),
    ).rejects.toMatchObject({ status: 400, param: 'store' });
  });

  it('streams created(queued) → queued → in_progress → … → completed', async () => {
    t = await startTestServer();
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'hello', background: true, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events.slice(0, 3).map((e) => e.type)).toEqual(['response.created', 'response.queued', 'response.in_progress']);
    const created = events[0];
    if (created?.type !== 'response.created') throw new Error('no created');
    expect(created.response.status).toBe('queued');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('resumes a stream with starting_after through the SDK (live while it runs)', async () => {
    t = await startTestServer({ faults: { background: 'slow', delayBetweenMs: 2 } });
    const queued = await t.client.responses.create({ model: 'gpt-5', input: 'hello there', background: true });
    t.server.faults.clear();
    const resumed = await t.client.responses.retrieve(queued.id, { stream: true, starting_after: 0 });
    const events: ResponseStreamEvent[] = [];
    for await (const e of resumed) events.push(e);
    expect(events[0]?.type).toBe('response.queued');
    expect(events[0]?.sequence_number).toBe(1);
    expect(events.some((e) => e.type === 'response.created')).toBe(false);
    expect(events.at(-1)?.type).toBe('response.completed');
    const replay = await t.client.responses.retrieve(queued.id, { stream: true, starting_after: 5 });
    const later: ResponseStreamEvent[] = [];
    for await (const e of replay) later.push(e);
    expect(later[0]?.sequence_number).toBe(6);
    expect(later.length).toBe(events.length - 5);
    const full = await fetch(`${t.server.baseURL}/responses/${queued.id}?stream=true`);
    expect(parseSse(await full.text())[0]?.data['type']).toBe('response.created');
  });

  it('refuses to stream a non-background response', async () => {
    t = await startTestServer();
    const r = await t.client.responses.create({ model: 'gpt-5', input: 'x' });
    await expect(t.client.responses.retrieve(r.id, { stream: true })).rejects.toMatchObject({ status: 400 });
  });

  it('cancels a stalled response idempotently and ends live streams', async () => {
    t = await startTestServer();
    const queued = await t.client.responses.create(
      { model: 'gpt-5', input: 'x', background: true },
      { headers: { 'x-weft-fault': 'background=stall' } },
    );
    await waitFor(() => t.client.responses.retrieve(queued.id), (r) => r.status === 'in_progress');
    const live = await fetch(`${t.server.baseURL}/responses/${queued.id}?stream=true`);
    const text = live.text();
    const cancelled = await t.client.responses.cancel(queued.id);
    expect(cancelled.status).toBe('cancelled');
    const again = await t.client.responses.cancel(queued.id);
    expect(again).toEqual(cancelled);
    expect((await t.client.responses.retrieve(queued.id)).status).toBe('cancelled');
    const types = parseSse(await text).map((f) => f.data['type']);
    expect(types).toEqual(['response.created', 'response.queued', 'response.in_progress']);
  });

  it('cannot cancel a synchronous response; unknown ids are 404', async () => {
    t = await startTestServer();
    const r = await t.client.responses.create({ model: 'gpt-5', input: 'x' });
    await expect(t.client.responses.cancel(r.id)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Cannot cancel a synchronous response.') });
    await expect(t.client.responses.cancel('resp_unknown')).rejects.toMatchObject({ status: 404 });
  });

  it('fails or ends incomplete when asked', async () => {
    t = await startTestServer();
    const failing = await t.client.responses.create({ model: 'gpt-5', input: 'x', background: true }, { headers: { 'x-weft-fault': 'background=fail' } });
    const failed = await waitFor(() => t.client.responses.retrieve(failing.id), (r) => r.status !== 'queued' && r.status !== 'in_progress');
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'server_error', message: expect.any(String) });
    const cut = await t.client.responses.create({ model: 'gpt-5', input: 'x', background: true }, { headers: { 'x-weft-fault': 'background=incomplete' } });
    const incomplete = await waitFor(() => t.client.responses.retrieve(cut.id), (r) => r.status !== 'queued' && r.status !== 'in_progress');
    expect(incomplete.status).toBe('incomplete');
    expect(incomplete.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('paces slow responses so polling sees in_progress with partial output', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'gpt-5', input: 'x', background: true }, { 'x-weft-fault': '{"background":"slow","delayBetweenMs":3}' });
    const queued = (await res.json()) as { id: string };
    const statuses = new Set<string>();
    await waitFor(
      async () => {
        const r = await t.client.responses.retrieve(queued.id);
        statuses.add(r.status ?? '');
        return r;
      },
      (r) => r.status === 'completed',
    );
    expect(statuses.has('in_progress')).toBe(true);
  });

  it('deleting a running response cancels it', async () => {
    t = await startTestServer();
    const queued = await t.client.responses.create({ model: 'gpt-5', input: 'x', background: true }, { headers: { 'x-weft-fault': 'background=stall' } });
    await t.client.responses.delete(queued.id);
    await expect(t.client.responses.retrieve(queued.id)).rejects.toMatchObject({ status: 404 });
  });
});
