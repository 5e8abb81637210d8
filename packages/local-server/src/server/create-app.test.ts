import { describe, expect, it } from 'vitest';
import { parseSse } from '../test-support/sse.js';
import { createLocalServerApp } from './create-app.js';

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('createLocalServerApp (in-process)', () => {
  it('answers app.request without a network', async () => {
    const { app, basePath } = createLocalServerApp({ seed: 1, script: { rules: [{ reply: { text: 'in process' } }] } });
    expect(basePath).toBe('/v1');
    const res = await app.request('/v1/responses', post({ model: 'm', input: 'x' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { output: { content: { text: string }[] }[] }).output[0]?.content[0]?.text).toBe('in process');
  });

  it('streams, paces and drops without Node bindings', async () => {
    const { app } = createLocalServerApp({ seed: 1 });
    const paced = await app.request('/v1/responses', post({ model: 'm', input: 'a b', stream: true }, { 'x-weft-fault': 'delayBetweenMs=1' }));
    expect(parseSse(await paced.text()).at(-1)?.data['type']).toBe('response.completed');
    const dropped = await app.request('/v1/responses', post({ model: 'm', input: 'a b', stream: true }, { 'x-weft-fault': 'dropAfterEvents=2' }));
    await expect(dropped.text()).rejects.toThrow(/dropped/);
  });

  it('lets code add faults through the controller', async () => {
    const { app, faults } = createLocalServerApp({ seed: 1 });
    faults.push({ status: 503, retryAfterSeconds: 3 });
    const res = await app.request('/v1/responses', post({ model: 'm', input: 'x' }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});
