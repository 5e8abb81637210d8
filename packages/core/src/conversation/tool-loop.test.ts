import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../tools/define-tool.js';
import { outputSchema } from '../structured/output-schema.js';
import { localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const weather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temperatureC: 21 }),
});

const clockTool = defineTool({
  name: 'get_time',
  description: 'Current time in a city.',
  parameters: z.object({ city: z.string() }),
  execute: () => {
    throw new Error('time service unavailable');
  },
});

const parallelScript = {
  rules: [
    {
      match: { input: 'weather and time' },
      reply: {
        functionCalls: [
          { name: 'get_weather', arguments: { city: 'Lisbon' } },
          { name: 'get_time', arguments: { city: 'Lisbon' } },
        ],
      },
    },
  ],
};

describe('the tool loop', () => {
  it('runs two parallel calls, feeds a failing tool back as an error output, and answers', async () => {
    env = await localWeft({ script: parallelScript });
    const convo = await env.weft.conversation({ tools: [weather, clockTool] });
    const result = await convo.send('What are the weather and time in Lisbon?').result;
    expect(result.turns).toHaveLength(2);
    const [callTurn, answerTurn] = result.turns;
    expect(callTurn!.output.filter((o) => o.type === 'function_call')).toHaveLength(2);
    const outputs = answerTurn!.request.input;
    expect(outputs.map((i) => ('call_id' in i ? i.call_id : undefined))).toEqual(
      callTurn!.output.flatMap((o) => (o.type === 'function_call' ? [o.call_id] : [])),
    );
    const [weatherOut, timeOut] = outputs.map((i) => ('output' in i ? String(i.output) : ''));
    expect(weatherOut).toContain('"temperatureC":21');
    expect(timeOut).toContain('time service unavailable');
    expect(result.text).toContain('get_weather');
    expect(convo.state).toBe('idle');
  });

  it('fails with ToolFailed when a tool says onError: fail', async () => {
    env = await localWeft({ script: parallelScript });
    const strictClock = defineTool({ ...clockToolConfig(), onError: 'fail' });
    const convo = await env.weft.conversation({ tools: [weather, strictClock] });
    await expect(convo.send('weather and time please').result).rejects.toMatchObject({
      _tag: 'ToolFailed',
      toolName: 'get_time',
    });
    expect(convo.state).toBe('failed');
  });

  it('stops with ToolRoundsExceeded past the bound', async () => {
    env = await localWeft({
      script: {
        rules: [
          { reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } },
          {
            match: { functionOutput: { name: 'get_weather' } },
            reply: { functionCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
          },
        ],
      },
    });
    const convo = await env.weft.conversation({ tools: [weather], maxToolRounds: 2 });
    await expect(convo.send('loop forever').result).rejects.toMatchObject({ _tag: 'ToolRoundsExceeded' });
    expect((await convo.history()).length).toBe(3);
  });
});

function clockToolConfig() {
  return {
    name: 'get_time',
    description: 'Current time in a city.',
    parameters: z.object({ city: z.string() }),
    execute: (): never => {
      throw new Error('time service unavailable');
    },
  };
}

describe('structured output', () => {
  const invoice = outputSchema(
    'invoice',
    z.object({ customer: z.string(), total: z.number(), lines: z.array(z.object({ sku: z.string(), qty: z.number().int() })) }),
  );

  it('parses a valid answer into a typed value', async () => {
    env = await localWeft();
    const convo = await env.weft.conversation();
    const result = await convo.send('Invoice for ACME', { output: invoice }).result;
    expect(typeof result.parsed?.customer).toBe('string');
    expect(Array.isArray(result.parsed?.lines)).toBe(true);
    expect(result.turn.request.params.text?.format).toMatchObject({ type: 'json_schema', name: 'invoice' });
  });

  it('fails with OutputValidation when the answer does not match', async () => {
    env = await localWeft({ script: { rules: [{ reply: { json: { customer: 7 } } }] } });
    const convo = await env.weft.conversation();
    const err = await convo.send('Invoice', { output: invoice }).result.catch((e: unknown) => e);
    expect(err).toMatchObject({ _tag: 'OutputValidation' });
  });

  it('sends a corrective turn and succeeds when corrections are allowed', async () => {
    env = await localWeft({
      script: { rules: [{ times: 1, reply: { json: { customer: 7 } } }] },
    });
    const convo = await env.weft.conversation({ maxCorrections: 1 });
    const result = await convo.send('Invoice', { output: invoice }).result;
    expect(result.turns).toHaveLength(2);
    const correction = result.turns[1]!.request.input[0];
    expect(JSON.stringify(correction)).toContain('did not match the required JSON schema');
    expect(typeof result.parsed?.total).toBe('number');
    const turns = await Effect.runPromise(env.stores.turns.readChain(result.turn.id));
    expect(turns).toHaveLength(2);
  });
});
