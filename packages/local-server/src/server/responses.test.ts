import { BadRequestError, NotFoundError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../test-support/server.js';

let t: TestServer;
afterEach(async () => t.close());

describe('POST /v1/responses', () => {
  beforeEach(async () => {
    t = await startTestServer({
      script: { rules: [{ match: { input: 'weather' }, reply: { text: 'It is sunny in Paris.' } }] },
    });
  });

  it('answers a blocking request with a completed Response', async () => {
    const response = await t.client.responses.create({ model: 'gpt-5', input: 'What is the weather?' });
    expect(response.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('It is sunny in Paris.');
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.output[0]?.id).toMatch(/^msg_[0-9a-f]{50}$/);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
    expect(response.created_at).toBe(Date.UTC(2026, 0, 1) / 1000);
    expect(response.completed_at).toBe(response.created_at);
  });

  it('streams events numbered from 0 ending with exactly one terminal event', async () => {
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'weather', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]?.type).toBe('response.created');
    expect(events[1]?.type).toBe('response.in_progress');
    expect(events.filter((e) => e.type === 'response.completed')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('response.completed');
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas).toEqual(['It', ' is', ' sunny', ' in', ' Paris.']);
    const created = events[0];
    if (created?.type !== 'response.created') throw new Error('expected created');
    expect(created.response.usage).toBeNull();
    expect(created.response.status).toBe('in_progress');
  });

  it('works with the responses.stream helper', async () => {
    const seen: string[] = [];
    const stream = t.client.responses.stream({ model: 'gpt-5', input: 'weather' });
    stream.on('response.output_text.delta', (e) => seen.push(e.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('It is sunny in Paris.');
    expect(seen.join('')).toBe('It is sunny in Paris.');
  });

  it('sends SSE headers and x-request-id', async () => {
    const res = await fetch(`${t.server.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', input: 'hi', stream: true }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const text = await res.text();
    expect(text.startsWith('event: response.created\ndata: {')).toBe(true);
    expect(text).not.toContain('[DONE]');
    expect(text.endsWith('\n\n')).toBe(true);
  });
});

describe('retrieve, delete, input items', () => {
  beforeEach(async () => {
    t = await startTestServer();
  });

  it('retrieves and deletes a stored response', async () => {
    const created = await t.client.responses.create({ model: 'gpt-5', input: 'hello' });
    const fetched = await t.client.responses.retrieve(created.id);
    expect(fetched.id).toBe(created.id);
    expect(fetched.output_text).toBe(created.output_text);
    const raw = await fetch(`${t.server.baseURL}/responses/${created.id}`, { method: 'DELETE' });
    expect(await raw.json()).toEqual({ id: created.id, object: 'response', deleted: true });
    await expect(t.client.responses.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.responses.delete(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete through the SDK resolves', async () => {
    const created = await t.client.responses.create({ model: 'gpt-5', input: 'hello' });
    await expect(t.client.responses.delete(created.id)).resolves.not.toThrow();
    await expect(t.client.responses.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('does not keep store:false responses', async () => {
    const created = await t.client.responses.create({ model: 'gpt-5', input: 'hello', store: false });
    expect((created as unknown as { store: boolean }).store).toBe(false);
    await expect(t.client.responses.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 404 in the error shape for unknown ids', async () => {
    const res = await fetch(`${t.server.baseURL}/responses/resp_nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.json()).toEqual({
      error: { message: "Response with id 'resp_nope' not found.", type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('paginates input items (default desc, limit, after, asc)', async () => {
    const input = Array.from({ length: 25 }, (_, i) => ({ role: 'user' as const, content: `message ${i}` }));
    const created = await t.client.responses.create({ model: 'gpt-5', input });
    const first = await t.client.responses.inputItems.list(created.id);
    expect(first.data).toHaveLength(20);
    expect(first.has_more).toBe(true);
    const texts = (page: typeof first) =>
      page.data.map((item) => (item.type === 'message' && item.content[0]?.type === 'input_text' ? item.content[0].text : ''));
    expect(texts(first)[0]).toBe('message 24');
    const all = [];
    for await (const item of t.client.responses.inputItems.list(created.id, { limit: 7, order: 'asc' })) all.push(item);
    expect(all).toHaveLength(25);
    expect(all.map((i) => i.id)).toEqual([...new Set(all.map((i) => i.id))]);
    const asc = await t.client.responses.inputItems.list(created.id, { order: 'asc', limit: 2 });
    expect(texts(asc)).toEqual(['message 0', 'message 1']);
    const next = await t.client.responses.inputItems.list(created.id, { order: 'asc', limit: 2, after: asc.data[1]?.id ?? '' });
    expect(texts(next)).toEqual(['message 2', 'message 3']);
    await expect(t.client.responses.inputItems.list(created.id, { limit: 101 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(t.client.responses.inputItems.list(created.id, { limit: 0 })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('chaining with previous_response_id', () => {
  beforeEach(async () => {
    t = await startTestServer({ maxAgeMs: 60_000, maxStored: 3 });
  });

  it('rebuilds prior input and output as context', async () => {
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'My name is Ada.' });
    const second = await t.client.responses.create({ model: 'gpt-5', input: 'What is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toContain('turn 2');
    expect(second.output_text).toContain('My name is Ada.');
    const third = await t.client.responses.create({ model: 'gpt-5', input: 'And again?', previous_response_id: second.id });
    expect(third.output_text).toContain('turn 3');
  });

  const expectNotFound = async (id: string) => {
    const error = await t.client.responses
      .create({ model: 'gpt-5', input: 'next', previous_response_id: id })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).status).toBe(400);
    expect((error as BadRequestError).error).toEqual({
      message: `Previous response with id '${id}' not found.`,
      type: 'invalid_request_error',
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  };

  it('gives the exact error for a missing predecessor', async () => {
    await expectNotFound('resp_missing');
  });

  it('gives it for a deleted, unstored, expired or evicted predecessor', async () => {
    const deleted = await t.client.responses.create({ model: 'gpt-5', input: 'a' });
    await t.client.responses.delete(deleted.id);
    await expectNotFound(deleted.id);

    const unstored = await t.client.responses.create({ model: 'gpt-5', input: 'a', store: false });
    await expectNotFound(unstored.id);

    const old = await t.client.responses.create({ model: 'gpt-5', input: 'a' });
    t.clock.advance(60_001);
    await expectNotFound(old.id);

    const evicted = await t.client.responses.create({ model: 'gpt-5', input: 'a' });
    for (let i = 0; i < 3; i++) await t.client.responses.create({ model: 'gpt-5', input: `b${i}` });
    await expectNotFound(evicted.id);
  });

  it('refuses previous_response_id together with conversation', async () => {
    const conversation = await t.client.conversations.create({});
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'a' });
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: 'b', previous_response_id: first.id, conversation: conversation.id }),
    ).rejects.toMatchObject({ status: 400, code: 'mutually_exclusive_parameters' });
  });

  it('requires outputs for the predecessor’s function calls', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const call = await t.client.responses.create({ model: 'gpt-5', input: 'Call get_weather for Paris', tools });
    const fc = call.output.find((o) => o.type === 'function_call');
    expect(fc?.type).toBe('function_call');
    if (fc?.type !== 'function_call') return;
    expect(fc.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: 'hi', previous_response_id: call.id, tools }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining(`No tool output found for function call ${fc.call_id}.`) });
    const answered = await t.client.responses.create({
      model: 'gpt-5',
      previous_response_id: call.id,
      tools,
      input: [{ type: 'function_call_output', call_id: fc.call_id, output: '{"temp":21}' }],
    });
    expect(answered.output_text).toContain('get_weather');
  });

  it('rejects an orphan function_call_output', async () => {
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: [{ type: 'function_call_output', call_id: 'call_x', output: 'x' }] }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('No tool call found for function call output with call_id call_x.') });
  });

  it('resolves item_reference to stored items', async () => {
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'remember me' });
    const items = await t.client.responses.inputItems.list(first.id);
    const ref = items.data[0]?.id ?? '';
    const second = await t.client.responses.create({ model: 'gpt-5', input: [{ type: 'item_reference', id: ref }] });
    expect(second.output_text).toContain('remember me');
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: [{ type: 'item_reference', id: 'msg_nope' }] }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
