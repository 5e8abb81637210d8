import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, postJson, startTestServer } from '../test-support/server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxBodyBytes: 2048 });
});
afterEach(async () => t.close());

async function errorOf(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  const body = (await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return { status: res.status, ...body.error };
}

const url = () => `${t.server.baseURL}/responses`;

describe('bad input', () => {
  it('malformed JSON → 400', async () => {
    const res = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(await errorOf(res)).toMatchObject({ status: 400, type: 'invalid_request_error' });
  });

  it('missing model → 400 param model', async () => {
    expect(await errorOf(await postJson(url(), { input: 'x' }))).toMatchObject({ status: 400, param: 'model', code: 'missing_required_parameter' });
  });

  it('wrong types → 400 invalid_type', async () => {
    expect(await errorOf(await postJson(url(), { model: 'm', input: 5 }))).toMatchObject({ status: 400, param: 'input', code: 'invalid_type' });
    expect(await errorOf(await postJson(url(), { model: 'm', stream: 'yes' }))).toMatchObject({ param: 'stream', code: 'invalid_type' });
    expect(await errorOf(await postJson(url(), [1, 2]))).toMatchObject({ status: 400 });
    expect(await errorOf(await postJson(url(), { model: 'm', input: [{ role: 'robot', content: 'x' }] }))).toMatchObject({ param: 'input[0].role' });
  });

  it('invalid tool definitions → 400', async () => {
    const badName = await postJson(url(), { model: 'm', input: 'x', tools: [{ type: 'function', name: 'has space', parameters: { type: 'object' } }] });
    expect(await errorOf(badName)).toMatchObject({ status: 400, param: 'tools[0].name' });
    const badSchema = await postJson(url(), { model: 'm', input: 'x', tools: [{ type: 'function', name: 'ok', parameters: { type: 'nonsense' } }] });
    expect(await errorOf(badSchema)).toMatchObject({ status: 400, param: 'tools[0].parameters', code: 'invalid_function_parameters' });
    const notStrict = await postJson(url(), { model: 'm', input: 'x', tools: [{ type: 'function', name: 'ok', strict: true, parameters: { type: 'object', properties: { a: { type: 'string' } } } }] });
    expect(await errorOf(notStrict)).toMatchObject({ status: 400, code: 'invalid_function_parameters' });
    const noName = await postJson(url(), { model: 'm', input: 'x', tools: [{ type: 'function' }] });
    expect(await errorOf(noName)).toMatchObject({ param: 'tools[0].name' });
  });

  it('invalid text.format → 400', async () => {
    const badName = await postJson(url(), { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'bad name!', schema: { type: 'object' } } } });
    expect(await errorOf(badName)).toMatchObject({ status: 400, param: 'text.format.name' });
    const badSchema = await postJson(url(), { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'x', schema: { type: 12 } } } });
    expect(await errorOf(badSchema)).toMatchObject({ status: 400, param: 'text.format.schema', code: 'invalid_json_schema' });
  });

  it('a valid json_schema format is answered with matching JSON', async () => {
    const res = await postJson(url(), {
      model: 'm',
      input: 'x',
      text: { format: { type: 'json_schema', name: 'answer', strict: true, schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false } } },
    });
    const body = (await res.json()) as { output: { content: { text: string }[] }[] };
    expect(JSON.parse(body.output[0]?.content[0]?.text ?? '')).toHaveProperty('ok');
  });

  it('oversized body → 413', async () => {
    expect(await errorOf(await postJson(url(), { model: 'm', input: 'x'.repeat(5000) }))).toMatchObject({ status: 413 });
  });

  it('max_output_tokens below 16 → 400', async () => {
    expect(await errorOf(await postJson(url(), { model: 'm', input: 'x', max_output_tokens: 5 }))).toMatchObject({ code: 'integer_below_min_value', param: 'max_output_tokens' });
  });

  it('unknown routes → 404; unknown fields are accepted', async () => {
    expect(await errorOf(await fetch(`${t.server.url}/nope`))).toMatchObject({ status: 404 });
    const res = await postJson(url(), { model: 'm', input: 'x', some_future_field: { a: 1 } });
    expect(res.status).toBe(200);
  });

  it('bad pagination → 400', async () => {
    const created = (await (await postJson(url(), { model: 'm', input: 'x' })).json()) as { id: string };
    expect(await errorOf(await fetch(`${url()}/${created.id}/input_items?order=sideways`))).toMatchObject({ param: 'order' });
    expect(await errorOf(await fetch(`${url()}/${created.id}/input_items?after=msg_unknown`))).toMatchObject({ param: 'after' });
  });
});
