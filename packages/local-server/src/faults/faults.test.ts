import OpenAI, { APIConnectionError, APIError, BadRequestError, InternalServerError, RateLimitError } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestServer, postJson, startTestServer } from '../test-support/server.js';
import { parseSse } from '../test-support/sse.js';

let t: TestServer;
afterEach(async () => t.close());

const header = (value: string | object) => ({
  headers: { 'x-weft-fault': typeof value === 'string' ? value : JSON.stringify(value) },
});

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<{ events: ResponseStreamEvent[]; error: unknown }> {
  const events: ResponseStreamEvent[] = [];
  try {
    for await (const e of stream) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

describe('status faults', () => {
  it('429 with Retry-After (header, JSON form)', async () => {
    t = await startTestServer();
    const error = await t.client.responses
      .create({ model: 'gpt-5', input: 'x' }, header({ status: 429, retryAfterSeconds: 7 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const e = error as RateLimitError;
    expect(e.headers?.get('retry-after')).toBe('7');
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.requestID).toMatch(/^req_/);
  });

  it('500 and 503 (compact form)', async () => {
    t = await startTestServer();
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('status=500'))).rejects.toBeInstanceOf(InternalServerError);
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('status=503'))).rejects.toMatchObject({ status: 503 });
  });

  it('times: the SDK retry succeeds after N failures', async () => {
    t = await startTestServer();
    const client = new OpenAI({ baseURL: t.server.baseURL, apiKey: 'k', maxRetries: 2 });
    const r = await client.responses.create({ model: 'gpt-5', input: 'x' }, header('status=503;retryAfterSeconds=0;times=2'));
    expect(r.status).toBe('completed');
    await expect(client.responses.create({ model: 'gpt-5', input: 'x' }, { ...header('status=500;times=3;retryAfter=0'), maxRetries: 2 })).rejects.toBeInstanceOf(InternalServerError);
  });

  it('programmatic push (one-shot), set (standing) and clear', async () => {
    t = await startTestServer();
    t.server.faults.push({ status: 429, retryAfterSeconds: 1 });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).rejects.toBeInstanceOf(RateLimitError);
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).resolves.toMatchObject({ status: 'completed' });
    t.server.faults.set({ status: 500 });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    expect(t.server.faults.list()).toHaveLength(1);
    t.server.faults.clear();
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).resolves.toMatchObject({ status: 'completed' });
    t.server.faults.push({ status: 500, times: 2 });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' })).resolves.toMatchObject({ status: 'completed' });
  });

  it('script rule faults, with times', async () => {
    t = await startTestServer({
      script: { rules: [{ match: { input: 'flaky' }, reply: { text: 'ok' }, faults: { status: 503, times: 1 } }] },
    });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'flaky' })).rejects.toMatchObject({ status: 503 });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'flaky' })).resolves.toMatchObject({ output_text: 'ok' });
  });

  it('unsupported route', async () => {
    t = await startTestServer();
    const error = (await t.client.responses.create({ model: 'openai.gpt-5.5', input: 'x' }, header('unsupportedRoute')).catch((e: unknown) => e)) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain("model `openai.gpt-5.5` isn't supported on this route");
  });

  it('rejects a malformed fault header with 400', async () => {
    t = await startTestServer();
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('bogus=1'))).rejects.toMatchObject({ status: 400, code: 'invalid_fault' });
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('{nope'))).rejects.toMatchObject({ status: 400 });
  });
});

describe('stream faults', () => {
  it('drops the connection after N events: an SDK error mid-iteration', async () => {
    t = await startTestServer();
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'one two three four', stream: true }, header('dropAfterEvents=4'));
    const { events, error } = await collect(stream);
    expect(events).toHaveLength(4);
    expect(error).toBeInstanceOf(Error);
  });

  it('drops a blocking request without an answer', async () => {
    t = await startTestServer();
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('dropAfterEvents=0'))).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('writes a malformed frame at index N', async () => {
    t = await startTestServer();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'x y', stream: true }, header('malformedAt=3'));
    const { events, error } = await collect(stream);
    expect(events).toHaveLength(3);
    expect(error).toBeInstanceOf(Error);
    logged.mockRestore();
  });

  it('truncates a blocking JSON body', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'gpt-5', input: 'x' }, { 'x-weft-fault': 'truncateBody' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('truncateBody=true'))).rejects.toThrow();
  });

  it('data-first framing and missing sequence_number still parse in the SDK', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'gpt-5', input: 'x', stream: true }, { 'x-weft-fault': 'dataFirst;omitSequenceNumber' });
    const frames = parseSse(await res.text());
    expect(frames.every((f) => f.dataFirst)).toBe(true);
    expect(frames.every((f) => !('sequence_number' in f.data))).toBe(true);
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'x', stream: true }, header({ dataFirst: true, omitSequenceNumber: true }));
    const { events, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(events.at(-1)?.type).toBe('response.completed');
  });

  it('reuses call_0 ids across responses', async () => {
    t = await startTestServer();
    const tools = [{ type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }];
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const r = await t.client.responses.create({ model: 'gpt-5', input: 'Call lookup now', tools }, header('reuseCallIds'));
      const call = r.output.find((o) => o.type === 'function_call');
      ids.push(call?.type === 'function_call' ? call.call_id : '');
    }
    expect(ids).toEqual(['call_0', 'call_0']);
  });

  it('failWith: nested error event then response.failed; the SDK throws APIError', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'gpt-5', input: 'x', stream: true }, { 'x-weft-fault': 'failWith=insufficient_quota:You exceeded your current quota.' });
    const frames = parseSse(await res.text());
    expect(frames.map((f) => f.data['type'])).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(frames[2]?.data['error']).toEqual({ type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.', param: null });
    const failed = frames[3]?.data['response'] as Record<string, unknown>;
    expect(failed['status']).toBe('failed');
    expect(failed['usage']).toBeNull();
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'x', stream: true }, header({ failWith: { code: 'server_error', message: 'boom' } }));
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).code).toBe('server_error');
  });

  it('failWith on a blocking request returns a failed Response', async () => {
    t = await startTestServer();
    const r = await t.client.responses.create({ model: 'gpt-5', input: 'x' }, header('failWith=server_error:boom'));
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({ code: 'server_error', message: 'boom' });
  });

  it('delays the first event and spaces the others', async () => {
    t = await startTestServer();
    const started = performance.now();
    const stream = await t.client.responses.create({ model: 'gpt-5', input: 'a b c', stream: true }, header('delayFirstMs=20;delayBetweenMs=1'));
    const { events } = await collect(stream);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('forgetPrevious drops the stored predecessor', async () => {
    t = await startTestServer();
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'x' });
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: 'y', previous_response_id: first.id }, header('forgetPrevious')),
    ).rejects.toMatchObject({ status: 400, code: 'previous_response_not_found' });
    await expect(t.client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('forgetPrevious from a script rule', async () => {
    t = await startTestServer({ script: { rules: [{ match: { input: 'forget' }, faults: { forgetPrevious: true } }] } });
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'x' });
    await expect(
      t.client.responses.create({ model: 'gpt-5', input: 'forget', previous_response_id: first.id }),
    ).rejects.toMatchObject({ status: 400, code: 'previous_response_not_found' });
  });
});
