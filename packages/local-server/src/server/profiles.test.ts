import OpenAI, { AuthenticationError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, postJson, startTestServer } from '../test-support/server.js';
import { parseSse } from '../test-support/sse.js';

let t: TestServer;
afterEach(async () => t.close());

describe('runtime profile', () => {
  it('serves /openai/v1 and refuses what bedrock-runtime refuses', async () => {
    t = await startTestServer({ profile: 'runtime' });
    expect(t.server.baseURL).toMatch(/\/openai\/v1$/);
    const r = await t.client.responses.create({ model: 'openai.gpt-oss-120b-1:0', input: 'hello' });
    expect(r.status).toBe('completed');
    expect((r as unknown as { store: boolean }).store).toBe(false);
    await expect(t.client.responses.create({ model: 'm', input: 'x', background: true })).rejects.toMatchObject({ status: 400, param: 'background', message: expect.stringContaining('bedrock-runtime') });
    await expect(t.client.responses.create({ model: 'm', input: 'x', previous_response_id: r.id })).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
    await expect(t.client.responses.create({ model: 'm', input: 'x', conversation: 'conv_1' })).rejects.toMatchObject({ status: 400, param: 'conversation' });
    await expect(t.client.responses.retrieve(r.id)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('keeps no server-side state') });
    await expect(t.client.responses.cancel(r.id)).rejects.toMatchObject({ status: 400 });
    await expect(t.client.responses.delete(r.id)).rejects.toMatchObject({ status: 400 });
    await expect(t.client.responses.inputItems.list(r.id)).rejects.toMatchObject({ status: 400 });
    await expect(t.client.conversations.create({})).rejects.toMatchObject({ status: 400 });
    const stream = await t.client.responses.create({ model: 'm', input: 'x', stream: true });
    let last = '';
    for await (const e of stream) last = e.type;
    expect(last).toBe('response.completed');
    const v1 = await postJson(`${t.server.url}/v1/responses`, { model: 'm', input: 'x' });
    expect(v1.status).toBe(404);
  });
});

describe('mantle profile', () => {
  it('uses data-first framing, float created_at on /v1 and call_0 ids on /openai/v1', async () => {
    t = await startTestServer({ profile: 'mantle' });
    expect(t.server.baseURL).toMatch(/\/v1$/);
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'openai.gpt-oss-120b', input: 'hi', stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text.startsWith('data: {')).toBe(true);
    expect(text).toMatch(/"created_at":\d+\.0,/);
    const frames = parseSse(text);
    expect(frames.every((f) => f.dataFirst)).toBe(true);
    const delta = frames.find((f) => f.data['type'] === 'response.output_text.delta');
    expect(delta?.data['obfuscation']).toBe('');
    const blocking = await (await postJson(`${t.server.baseURL}/responses`, { model: 'openai.gpt-oss-120b', input: 'hi' })).text();
    expect(blocking).toMatch(/^\{"id":"resp_[a-z2-7]{52}","object":"response","created_at":\d+\.0,/);

    const gpt5 = new OpenAI({ baseURL: `${t.server.url}/openai/v1`, apiKey: 'k', maxRetries: 0 });
    const tools = [{ type: 'function' as const, name: 'first_tool', parameters: { type: 'object', properties: {} }, strict: false }];
    const a = await gpt5.responses.create({ model: 'openai.gpt-5.6-luna', input: 'Call first_tool', tools });
    const b = await gpt5.responses.create({ model: 'openai.gpt-5.6-luna', input: 'Call first_tool', tools });
    const callId = (r: typeof a) => r.output.flatMap((o) => (o.type === 'function_call' ? [o.call_id] : []))[0];
    expect([callId(a), callId(b)]).toEqual(['call_0', 'call_0']);
    expect(a.output.find((o) => o.type === 'function_call')?.id).toMatch(/^fc_[0-9a-f]{32}$/);
    expect(a.created_at).toBeTypeOf('number');
  });
});

describe('openai profile', () => {
  it('serves /v1 only', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.url}/openai/v1/responses`, { model: 'm', input: 'x' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: 'Invalid URL (POST /openai/v1/responses)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});

describe('auth', () => {
  it('requires the bearer key when configured', async () => {
    t = await startTestServer({ apiKey: 'sk-local-secret' });
    await expect(t.client.responses.create({ model: 'm', input: 'x' })).resolves.toMatchObject({ status: 'completed' });
    const wrong = new OpenAI({ baseURL: t.server.baseURL, apiKey: 'sk-wrong', maxRetries: 0 });
    const error = await wrong.responses.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    expect((error as AuthenticationError).message).not.toContain('sk-wrong');
    const missing = await fetch(`${t.server.baseURL}/responses/resp_x`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
