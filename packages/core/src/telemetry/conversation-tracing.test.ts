import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually, localWeft, type LocalWeft } from '../conversation/local-weft.test-support.js';
import { defineTool } from '../tools/define-tool.js';
import { memoryOtel, spanTree } from './otel.test-support.js';

let env: LocalWeft | undefined;
let otel: ReturnType<typeof memoryOtel> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
  otel = undefined;
});

const weather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temperatureC: 21 }),
});

const script = {
  rules: [
    {
      match: { input: 'weather' },
      reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] },
    },
  ],
};

async function tracedConversation(recordContent = false) {
  otel = memoryOtel();
  env = await localWeft({
    script,
    weft: { telemetry: { tracer: otel.tracer, meter: otel.meter, recordContent } },
  });
  const convo = await env.weft.conversation({ tools: [weather] });
  env.server.faults.push({ status: 503, times: 1 });
  const turn = convo.send('What is the weather in Lisbon?');
  await eventually(() => convo.state === 'retrying', 'retrying');
  env.timers.increment(10);
  const result = await turn.result;
  return { convo, result, otel };
}

describe('tracing a conversation', () => {
  it('builds one tree per send: turns with their Responses calls, and tool calls', async () => {
    const { convo, otel } = await tracedConversation();
    const spans = otel.spans();
    expect(spanTree(spans)).toEqual([
      'weft.send',
      '  weft.turn',
      '    chat scripted-1',
      '  weft.turn',
      '    chat scripted-1',
      '  execute_tool get_weather',
      '  weft.turn',
      '    chat scripted-1',
    ]);
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);

    const turns = spans.filter((s) => s.name === 'weft.turn');
    const [failed, retried, answer] = turns;
    expect(failed!.attributes).toMatchObject({
      'weft.conversation.id': convo.id,
      'weft.turn.attempt': 0,
      'weft.turn.status': 'failed',
      'weft.execution_strategy': 'blocking',
      'weft.context_strategy': 'server',
      'error.type': 'ServerError',
    });
    expect(typeof failed!.attributes['weft.retry.delay_ms']).toBe('number');
    expect(failed!.status.code).toBe(2);
    expect(failed!.events.some((e) => e.name === 'exception')).toBe(true);
    expect(retried!.attributes).toMatchObject({
      'weft.turn.attempt': 1,
      'weft.turn.status': 'completed',
      'weft.turn.tool_calls': 1,
    });
    expect(answer!.attributes).toMatchObject({
      'weft.turn.attempt': 0,
      'weft.turn.status': 'completed',
    });

    const calls = spans.filter((s) => s.name.startsWith('chat '));
    expect(calls[0]!.attributes['error.type']).toBe('ServerError');
    expect(calls[2]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'scripted-1',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(calls[1]!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(typeof calls[2]!.attributes['gen_ai.response.id']).toBe('string');
    expect(typeof calls[2]!.attributes['gen_ai.response.model']).toBe('string');
    expect(typeof calls[2]!.attributes['gen_ai.usage.input_tokens']).toBe('number');
    expect(typeof calls[2]!.attributes['gen_ai.usage.output_tokens']).toBe('number');

    const tool = spans.find((s) => s.name === 'execute_tool get_weather')!;
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'weft.tool.is_error': false,
    });
    expect(typeof tool.attributes['gen_ai.tool.call.id']).toBe('string');

    const send = spans.find((s) => s.name === 'weft.send')!;
    expect(send.attributes).toMatchObject({
      'weft.send.status': 'completed',
      'weft.conversation.id': convo.id,
    });
  });

  it('keeps prompts, outputs and tool arguments off spans unless recordContent is on', async () => {
    const { otel } = await tracedConversation();
    const text = JSON.stringify(otel.spans().map((s) => s.attributes));
    expect(text).not.toContain('Lisbon');
    expect(text).not.toContain('gen_ai.input.messages');
    await env?.close();
    env = undefined;

    const withContent = await tracedConversation(true);
    const spans = withContent.otel.spans();
    const call = spans.filter((s) => s.name.startsWith('chat ')).at(-1)!;
    expect(String(call.attributes['gen_ai.input.messages'])).toContain('Lisbon');
    expect(call.attributes['gen_ai.output.messages']).toBeDefined();
    const tool = spans.find((s) => s.name === 'execute_tool get_weather')!;
    expect(String(tool.attributes['gen_ai.tool.call.arguments'])).toContain('Lisbon');
    expect(String(tool.attributes['gen_ai.tool.call.result'])).toContain('temperatureC');
  });

  it('records latency, time to first output, tokens, retries and tool calls as metrics', async () => {
    const { otel } = await tracedConversation();
    const metrics = await otel.metrics();
    const points = (name: string) => metrics.get(name)?.dataPoints ?? [];
    const retries = points('weft.turn.retries');
    expect(retries).toHaveLength(1);
    expect(retries[0]!.value).toBe(1);
    expect(retries[0]!.attributes['error.type']).toBe('ServerError');
    const durations = points('weft.turn.duration');
    const count = (p: { value: unknown }) => (p.value as { count: number }).count;
    expect(durations.reduce((n, p) => n + count(p), 0)).toBe(3);
    expect(points('weft.turn.time_to_first_token').reduce((n, p) => n + count(p), 0)).toBe(2);
    const tokenTypes = points('gen_ai.client.token.usage')
      .map((p) => p.attributes['gen_ai.token.type'])
      .sort();
    expect(tokenTypes).toEqual(['input', 'output']);
    expect(points('gen_ai.client.operation.duration').reduce((n, p) => n + count(p), 0)).toBe(2);
    expect(points('weft.tool.calls')[0]).toMatchObject({ value: 1 });
  });

  it('ends the send span of a cancelled send', async () => {
    otel = memoryOtel();
    env = await localWeft({ weft: { telemetry: { tracer: otel.tracer, meter: otel.meter } } });
    const convo = await env.weft.conversation();
    env.server.faults.push({ delayFirstMs: 2000, times: 1 });
    const turn = convo.send('never mind');
    await eventually(() => convo.state === 'running', 'running');
    convo.cancel('changed my mind');
    await expect(turn.result).rejects.toMatchObject({ _tag: 'Cancelled' });
    await eventually(() => otel!.spans().some((s) => s.name === 'weft.turn'), 'turn span ended');
    const send = otel.spans().find((s) => s.name === 'weft.send')!;
    expect(send.attributes['weft.send.status']).toBe('cancelled');
    const turnSpan = otel.spans().find((s) => s.name === 'weft.turn')!;
    expect(turnSpan.attributes['weft.turn.status']).toBe('cancelled');
  });
});
