/**
 * Every recorded stream in /work/shared/fixtures, served as-is from a loopback HTTP server to the
 * real `openai` SDK, through the stream strategy (event mapping) and the output accumulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createOpenAIResponsesClient,
  type OutputItem,
  type ResponseObject,
  type StrategyContext,
  type TurnEvent,
} from '@weft/core';
import { makeMemoryStores } from '@weft/core/testing';
import { Effect } from 'effect';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputAccumulator } from './output-accumulator.js';
import { streamStrategy } from './stream-strategy.js';

const fixtureDir = process.env.WEFT_FIXTURES ?? '/work/shared/fixtures';
const files = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.sse'))
  .sort();

/** What each recording must end as, and which delta kinds it carries. */
const expected: Record<string, { end: TurnEvent['type']; kinds: readonly string[] }> = {
  'bedrock-mantle-function-call.sse': { end: 'completed', kinds: ['function_arguments'] },
  'bedrock-mantle-reasoning-then-text.sse': { end: 'completed', kinds: ['text'] },
  'compat-deepseek-reasoning-text.sse': { end: 'completed', kinds: ['reasoning', 'text'] },
  'openai-background-resume-starting-after-0.sse': { end: 'completed', kinds: ['text'] },
  'openai-background-stream.sse': { end: 'completed', kinds: ['text'] },
  'openai-error-then-failed.sse': { end: 'failed', kinds: [] },
  'openai-function-call.sse': { end: 'completed', kinds: ['text', 'function_arguments'] },
  'openai-reasoning-summary.sse': { end: 'completed', kinds: ['reasoning_summary', 'text'] },
  'openai-text.sse': { end: 'completed', kinds: ['text'] },
};

let server: Server;
let baseURL: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    // POST /<fixture file>/responses → that file's bytes, as recorded.
    const name = decodeURIComponent((req.url ?? '').split('/')[1] ?? '');
    req.resume();
    req.on('end', () => {
      if (!files.includes(name)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: `no fixture ${name}`, type: 'invalid_request_error' },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(readFileSync(join(fixtureDir, name)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The texts of an item: message parts, refusal, arguments, reasoning summary and content. */
function texts(item: OutputItem | Record<string, unknown>): string[] {
  const loose = item as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['content', 'summary']) {
    const list = loose[key];
    if (Array.isArray(list)) {
      for (const part of list as Record<string, unknown>[])
        out.push(String(part.text ?? part.refusal ?? ''));
    }
  }
  if (typeof loose.arguments === 'string') out.push(loose.arguments);
  return out;
}

/** A strategy context on a fresh memory store with one begun turn. */
async function context(file: string, events: TurnEvent[]): Promise<StrategyContext> {
  const stores = makeMemoryStores();
  await Effect.runPromise(stores.turns.createConversation({ id: 'conv_1', createdAt: 0 }));
  await Effect.runPromise(
    stores.turns.beginTurn({
      id: 'turn_1',
      conversationId: 'conv_1',
      parentId: null,
      request: { input: [], params: { model: 'm' } },
      contextStrategy: 'local',
      executionStrategy: 'stream',
      createdAt: 0,
    }),
  );
  return {
    turnId: 'turn_1',
    conversationId: 'conv_1',
    client: createOpenAIResponsesClient({ baseURL: `${baseURL}/${file}`, apiKey: 'fixture' }),
    store: stores.turns,
    jobs: undefined,
    now: Date.now,
    emit: (event) => events.push(event),
    timeoutMs: undefined,
  };
}

describe.each(files)('recorded stream %s', (file) => {
  it('maps to turn events: created first, deltas that add up to the finished items, one terminal event', async () => {
    const events: TurnEvent[] = [];
    const ctx = await context(file, events);
    const response: ResponseObject = await Effect.runPromise(
      streamStrategy().run({ model: 'm', input: 'x' }, ctx),
    );
    const want = expected[file];
    expect(want, `add ${file} to the expectations`).toBeDefined();
    expect(events[0]?.type).toBe('created');
    expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe(want?.end);
    expect(response.status).toBe(want?.end);
    const kinds = new Set(events.flatMap((e) => (e.type === 'delta' ? [e.kind] : [])));
    expect([...kinds].sort()).toEqual([...(want?.kinds ?? [])].sort());
    for (const done of events.filter((e) => e.type === 'item.done')) {
      if (done.type !== 'item.done') continue;
      const streamed = events
        .filter((e) => e.type === 'delta' && e.outputIndex === done.outputIndex)
        .map((e) => (e.type === 'delta' ? e.delta : ''))
        .join('');
      if (streamed !== '') expect(texts(done.item).join('')).toBe(streamed);
    }
    const turn = await Effect.runPromise(ctx.store.getTurn('turn_1'));
    expect(turn.responseId).toBe((events[0] as { responseId: string }).responseId);
    const log = await Effect.runPromise(ctx.store.readEvents('turn_1', 0));
    expect(log.map((e) => e.event)).toEqual(events);
  });

  it('accumulates the output the terminal event reports, item by item as each finishes', async () => {
    const sdk = new OpenAI({
      baseURL: `${baseURL}/${file}`,
      apiKey: 'fixture',
      maxRetries: 0,
      logLevel: 'off',
    });
    const output = new OutputAccumulator();
    let final: ResponseObject | undefined;
    try {
      const stream = await sdk.responses.create({ model: 'm', input: 'x', stream: true });
      for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
        if (event.type === 'response.output_item.done') {
          const draft = output.snapshot()[event.output_index];
          expect(draft && texts(draft)).toEqual(texts(event.item));
        }
        output.apply(event);
        if (event.type === 'response.completed' || event.type === 'response.failed')
          final = event.response;
      }
    } catch (error) {
      // Only the recorded `error` event may stop the SDK.
      expect(file).toBe('openai-error-then-failed.sse');
      expect(error).toBeInstanceOf(OpenAI.APIError);
    }
    // OpenAI re-encrypts reasoning between `output_item.done` and `response.completed`.
    if (final !== undefined)
      expect(withoutCiphertext(output.snapshot())).toEqual(withoutCiphertext(final.output));
  });
});

function withoutCiphertext(items: readonly OutputItem[]): unknown[] {
  return items.map((item) => ({ ...item, encrypted_content: undefined }));
}
