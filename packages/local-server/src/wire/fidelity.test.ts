/**
 * Fidelity: for each recorded stream in the shared fixtures, the server's stream for the same
 * scenario has the same event types in the same order (runs of deltas collapsed) and the same
 * field names per event type and per item/part kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Script } from '../model/index.js';
import type { Profile } from '../server/profile.js';
import { type TestServer, postJson, startTestServer } from '../test-support/server.js';
import { type ParsedFrame, parseSse, readFixtureJson, readFixtureSse } from '../test-support/sse.js';

/** Provider-specific Response keys we do not imitate. */
const PROVIDER_EXTRAS = new Set(['moderation', 'tool_usage', 'content_filters', 'billing']);
/** Keys we always send that older recordings lack. */
const NEWER_KEYS = new Set(['completed_at', 'frequency_penalty', 'presence_penalty', 'prompt_cache_retention']);

const sorted = (o: unknown) => Object.keys(o as object).sort();

function collapse(types: readonly string[]): string[] {
  return types.filter((type, i) => type !== types[i - 1]);
}

function shapeKey(frame: ParsedFrame): string {
  const d = frame.data;
  const item = d['item'] as Record<string, unknown> | undefined;
  const part = d['part'] as Record<string, unknown> | undefined;
  return [d['type'], item?.['type'], item?.['status'], part?.['type']].join('|');
}

/** Per event kind: top-level keys, item keys, part keys. */
function shapes(frames: readonly ParsedFrame[]): Map<string, { event: string[]; item?: string[]; part?: string[] }> {
  const map = new Map<string, { event: string[]; item?: string[]; part?: string[] }>();
  for (const frame of frames) {
    const key = shapeKey(frame);
    if (map.has(key)) continue;
    const d = frame.data;
    map.set(key, {
      event: sorted(d),
      ...(d['item'] !== undefined ? { item: sorted(d['item']) } : {}),
      ...(d['part'] !== undefined ? { part: sorted(d['part']) } : {}),
    });
  }
  return map;
}

function responseKeys(frames: readonly ParsedFrame[]): Set<string> {
  const keys = new Set<string>();
  for (const f of frames) if (f.data['response']) for (const k of Object.keys(f.data['response'] as object)) keys.add(k);
  return keys;
}

function compare(fixture: readonly ParsedFrame[], ours: readonly ParsedFrame[]): void {
  expect(collapse(ours.map((f) => String(f.data['type'])))).toEqual(collapse(fixture.map((f) => String(f.data['type']))));
  expect(ours.map((f) => f.event)).toEqual(ours.map((f) => f.data['type']));
  expect(Object.fromEntries(shapes(ours))).toEqual(Object.fromEntries(shapes(fixture)));
  const theirs = responseKeys(fixture);
  const mine = responseKeys(ours);
  for (const key of theirs) if (!PROVIDER_EXTRAS.has(key)) expect(mine, `response key ${key}`).toContain(key);
  for (const key of mine) if (!theirs.has(key)) expect(NEWER_KEYS, `extra response key ${key}`).toContain(key);
  const seqs = ours.map((f) => f.data['sequence_number']);
  const fixtureSeqs = fixture.map((f) => f.data['sequence_number']);
  expect(seqs[0]).toBe(fixtureSeqs[0]);
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
}

let t: TestServer;
afterEach(async () => t.close());

async function streamFor(
  script: Script,
  body: Record<string, unknown>,
  options: { profile?: Profile; path?: string; headers?: Record<string, string> } = {},
): Promise<string> {
  t = await startTestServer({ script, profile: options.profile ?? 'openai' });
  const base = options.path === undefined ? t.server.baseURL : `${t.server.url}${options.path}`;
  const res = await postJson(`${base}/responses`, { model: 'gpt-5', input: 'go', stream: true, ...body }, options.headers);
  expect(res.status).toBe(200);
  return res.text();
}

const reply = (r: NonNullable<Script['rules'][number]['reply']>): Script => ({ rules: [{ reply: r }] });

describe('fidelity against recorded streams', () => {
  it('openai-text.sse', async () => {
    const ours = parseSse(await streamFor(reply({ text: '2+2 = 4' }), { instructions: 'Answer directly.' }));
    compare(readFixtureSse('openai-text.sse'), ours);
  });

  it('openai-function-call.sse (encrypted reasoning, commentary preamble, call)', async () => {
    const script = reply({
      reasoning: {},
      text: 'I’ll check the capital lookup tool for “PotatoLand.”',
      phase: 'commentary',
      functionCalls: [{ name: 'get_capital', arguments: { country: 'PotatoLand' } }],
    });
    const tools = [{ type: 'function', name: 'get_capital', parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'], additionalProperties: false }, strict: true }];
    const ours = parseSse(await streamFor(script, { tools, reasoning: { effort: 'low' } }));
    compare(readFixtureSse('openai-function-call.sse'), ours);
  });

  it('parallel function calls repeat the call block at their own output_index', async () => {
    const script = reply({ functionCalls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: { y: 2 } }] });
    const ours = parseSse(await streamFor(script, {}));
    const single = readFixtureSse('openai-function-call.sse').filter((f) => (f.data['output_index'] ?? 2) === 2);
    const block = collapse(single.map((f) => String(f.data['type']))).slice(2, -1);
    expect(collapse(ours.map((f) => String(f.data['type'])))).toEqual(['response.created', 'response.in_progress', ...block, ...block, 'response.completed']);
    const indexes = ours.filter((f) => f.data['type'] === 'response.output_item.added').map((f) => f.data['output_index']);
    expect(indexes).toEqual([0, 1]);
  });

  it('openai-reasoning-summary.sse (4 summary parts, then text)', async () => {
    const script = reply({ reasoning: { summary: ['one part', 'two part', 'three part', 'four part'] }, text: 'Look both ways.' });
    const ours = parseSse(await streamFor(script, { reasoning: { effort: 'medium', summary: 'auto' }, include: ['reasoning.encrypted_content'] }));
    compare(readFixtureSse('openai-reasoning-summary.sse'), ours);
  });

  it('bedrock-mantle-reasoning-then-text.sse (data first, encrypted-only reasoning)', async () => {
    const script = reply({ reasoning: {}, text: 'First tool result: `first result`', phase: 'final_answer' });
    const text = await streamFor(script, { model: 'openai.gpt-5.6-luna' }, { profile: 'mantle', path: '/openai/v1' });
    const ours = parseSse(text);
    expect(ours.every((f) => f.dataFirst)).toBe(true);
    compare(readFixtureSse('bedrock-mantle-reasoning-then-text.sse'), ours);
  });

  it('bedrock-mantle-function-call.sse (call_0)', async () => {
    const script = reply({ functionCalls: [{ name: 'first_tool', arguments: {} }] });
    const ours = parseSse(await streamFor(script, { model: 'openai.gpt-5.6-luna' }, { profile: 'mantle', path: '/openai/v1' }));
    compare(readFixtureSse('bedrock-mantle-function-call.sse'), ours);
    expect((ours[2]?.data['item'] as Record<string, unknown>)['call_id']).toBe('call_0');
  });

  it('compat-deepseek-reasoning-text.sse (clear reasoning_text)', async () => {
    const script = reply({ reasoning: { text: 'We need answer capital of France.' }, text: 'The capital of France is Paris.', phase: 'final_answer' });
    const ours = parseSse(await streamFor(script, { stream_options: { include_obfuscation: false } }));
    compare(readFixtureSse('compat-deepseek-reasoning-text.sse'), ours);
  });

  it('openai-error-then-failed.sse (nested error, then failed)', async () => {
    const text = await streamFor({ rules: [] }, {}, { headers: { 'x-weft-fault': JSON.stringify({ failWith: { code: 'insufficient_quota', message: 'You exceeded your current quota.' } }) } });
    const ours = parseSse(text);
    const fixture = readFixtureSse('openai-error-then-failed.sse');
    compare(fixture, ours);
    expect(sorted(ours[2]?.data['error'])).toEqual(sorted(fixture[2]?.data['error']));
    expect(sorted((ours[3]?.data['response'] as Record<string, unknown>)['error'])).toEqual(['code', 'message']);
  });

  it('openai-background-stream.sse and the resumed stream after 0', async () => {
    const text = await streamFor(reply({ text: '2 + 2 equals 4.' }), { background: true, stream_options: { include_obfuscation: false } });
    const ours = parseSse(text);
    compare(readFixtureSse('openai-background-stream.sse'), ours);
    const id = (ours[0]?.data['response'] as { id: string }).id;
    const resumed = await fetch(`${t.server.baseURL}/responses/${id}?starting_after=0&stream=true&include_obfuscation=false`);
    compare(readFixtureSse('openai-background-resume-starting-after-0.sse'), parseSse(await resumed.text()));
  });

  it('openai-background-queued.json (the immediate queued body)', async () => {
    t = await startTestServer();
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'gpt-4o', input: 'x', background: true });
    const body = (await res.json()) as Record<string, unknown>;
    const fixture = readFixtureJson('openai-background-queued.json');
    for (const key of Object.keys(fixture)) expect(body, key).toHaveProperty(key);
    expect(body).toMatchObject({ status: 'queued', output: [], usage: null, completed_at: null, background: true });
  });

  it('bedrock-mantle-gpt-oss-response.json (float created_at, clear reasoning)', async () => {
    t = await startTestServer({ profile: 'mantle', script: reply({ reasoning: { text: 'Reply with OSS.' }, text: 'OSS' }) });
    const res = await postJson(`${t.server.baseURL}/responses`, { model: 'openai.gpt-oss-120b', input: 'Reply with exactly OSS.' });
    const text = await res.text();
    expect(text).toMatch(/"created_at":\d+\.0,/);
    const body = JSON.parse(text) as { output: Record<string, unknown>[] };
    const fixture = readFixtureJson('bedrock-mantle-gpt-oss-response.json') as { output: Record<string, unknown>[] };
    for (const key of Object.keys(fixture)) expect(body, key).toHaveProperty(key);
    expect(body.output.map(sorted)).toEqual(fixture.output.map(sorted));
  });
});
