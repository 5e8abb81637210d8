import { expect, it } from 'vitest';
import { runDemo } from './demo.js';
import { pickEndpoint } from './endpoint.js';

it('runs the Quick start conversation against the local server, with a tool call', async () => {
  const endpoint = await pickEndpoint({});
  let printed = '';
  try {
    const summary = await runDemo(endpoint, { write: (t) => (printed += t), color: false });
    expect(summary.toolCalls).toBe(1);
    // Three user lines plus one extra turn for the tool round.
    expect(summary.turns).toBe(4);
    expect(summary.inputTokens).toBeGreaterThan(0);
    expect(summary.forkId).not.toBe(summary.conversationId);
    expect(summary.background).toBe('completed');
    expect(summary.replayed).toBe(4);
    expect(summary.replayIdentical).toBe(true);
  } finally {
    await endpoint.close();
  }
  expect(printed).toContain('get_weather({"city":"Lisbon"})');
  expect(printed).toContain('"sky":"sunny"');
  // The third answer quotes the second line: the server rebuilt the history from the stored chain.
  expect(printed).toContain('turn 3 of our conversation; before that you said "What is the weather there right now?"');
  expect(printed).toContain('forked at the first turn');
  expect(printed).toMatch(/background response resp_\w+ completed/);
  expect(printed).toContain('replayed the conversation offline from the store: 4 turns, identical answers');
  expect(printed).toContain('Try next');
  expect(printed).not.toContain('\u001b[');
});

it('picks Bedrock when its variables are set, without sending anything', async () => {
  const endpoint = await pickEndpoint({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-test', AWS_REGION: 'eu-west-1' });
  expect(endpoint.label).toBe('Amazon Bedrock (mantle, eu-west-1)');
  expect(endpoint.model).toBe('openai.gpt-oss-120b');
  expect(JSON.stringify(endpoint)).not.toContain('bedrock-api-key-test');
  await endpoint.close();
});
