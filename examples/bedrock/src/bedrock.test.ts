import { startLocalServer } from '@weft/local-server';
import { expect, it } from 'vitest';
import { runConversation } from './conversation.js';
import { hasBedrockCredentials, localScript, pickEndpoint } from './endpoint.js';

it('uses the local server without credentials, and says so', async () => {
  const endpoint = await pickEndpoint({});
  const lines: string[] = [];
  try {
    expect(endpoint.kind).toBe('local');
    expect(endpoint.description).toMatch(
      /^the offline local server imitating bedrock-mantle at http:\/\/127\.0\.0\.1:\d+/,
    );
    const answers = await runConversation(endpoint.bedrock, (l) => lines.push(l));
    expect(answers).toEqual([
      'Lisbon is sunny at 21 °C, with a light breeze from the sea.',
      'Sunny, warm, breezy Lisbon day.',
    ]);
    expect(lines).toContain('  tool: get_weather({"city":"Lisbon"})');
  } finally {
    await endpoint.close();
  }
});

it('uses Bedrock when a key and a region are set, and never prints the key', async () => {
  const mantle = await startLocalServer({ port: 0, profile: 'mantle', script: localScript });
  const env = { AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-secret', AWS_REGION: 'eu-west-1' };
  const endpoint = await pickEndpoint(env, { baseURL: mantle.url });
  try {
    expect(endpoint.kind).toBe('bedrock');
    expect(endpoint.description).toBe(
      'Amazon Bedrock: mantle in eu-west-1, model openai.gpt-oss-120b, api-key from AWS_BEARER_TOKEN_BEDROCK.',
    );
    const lines: string[] = [];
    const answers = await runConversation(endpoint.bedrock, (l) => lines.push(l));
    expect(answers[1]).toBe('Sunny, warm, breezy Lisbon day.');
    expect(lines.join('\n')).not.toContain('secret');
  } finally {
    await endpoint.close();
    await mantle.close();
  }
});

it('needs a region next to AWS credentials', () => {
  expect(hasBedrockCredentials({ AWS_BEARER_TOKEN_BEDROCK: 'k' })).toBe(false);
  expect(
    hasBedrockCredentials({
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_REGION: 'us-east-1',
    }),
  ).toBe(true);
  expect(
    hasBedrockCredentials({
      OPENAI_BASE_URL: 'https://bedrock-mantle.us-east-1.api.aws/v1',
      OPENAI_API_KEY: 'k',
    }),
  ).toBe(true);
  expect(hasBedrockCredentials({ OPENAI_API_KEY: 'k' })).toBe(false);
});
