import { describe, expect, it } from 'vitest';
import type { Script } from '../model/index.js';
import { createManualClock } from '../internal/clock.js';
import { startLocalServer } from './start-local-server.js';
import { postJson } from '../test-support/server.js';

const script: Script = {
  rules: [
    { match: { input: 'tool' }, reply: { reasoning: { summary: 'Thinking about tools.' }, functionCalls: [{ name: 'lookup', arguments: { q: 'x' } }, { name: 'lookup', arguments: { q: 'y' } }] } },
    { match: { input: 'think' }, reply: { reasoning: { text: 'Clear thoughts here.' }, text: 'Done thinking.' } },
  ],
};

const requests = [
  { model: 'gpt-5', input: 'hello world, how are you?', stream: true },
  { model: 'gpt-5', input: 'use a tool', stream: true, reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'] },
  { model: 'gpt-5', input: 'think hard', stream: true },
  { model: 'gpt-5', input: 'blocking one' },
  { model: 'gpt-5', input: 'background one', background: true, stream: true },
];

async function transcript(seed: number): Promise<string[]> {
  const server = await startLocalServer({ seed, script, clock: createManualClock(Date.UTC(2026, 0, 1)) });
  try {
    const out: string[] = [];
    for (const body of requests) out.push(await (await postJson(`${server.baseURL}/responses`, body)).text());
    return out;
  } finally {
    await server.close();
  }
}

describe('determinism', () => {
  it('the same script and seed give byte-identical raw streams', async () => {
    const [a, b] = await Promise.all([transcript(7), transcript(7)]);
    expect(a).toEqual(b);
    expect(a[0]).toContain('"obfuscation":"');
  });

  it('another seed gives other ids', async () => {
    const [a, b] = await Promise.all([transcript(7), transcript(8)]);
    expect(a[0]).not.toEqual(b[0]);
  });
});
