/**
 * A short conversation against real Amazon Bedrock. Runs only when credentials are in the
 * environment: `AWS_BEARER_TOKEN_BEDROCK` (+ `AWS_REGION`), or `OPENAI_API_KEY` with an
 * `OPENAI_BASE_URL` on a Bedrock host. `WEFT_BEDROCK_MODEL` picks the model (default
 * openai.gpt-oss-20b; on bedrock-runtime openai.gpt-oss-20b-1:0).
 */
import { createWeft } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { bedrock } from './bedrock.js';
import { parseBedrockURL } from './endpoints.js';

const env = process.env;
const bedrockBase =
  env['OPENAI_BASE_URL'] === undefined ? undefined : parseBedrockURL(env['OPENAI_BASE_URL']);
const hasBearer =
  Boolean(env['AWS_BEARER_TOKEN_BEDROCK']) &&
  Boolean(env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION']);
const hasDocsPair = Boolean(env['OPENAI_API_KEY']) && bedrockBase !== undefined;
const live = hasBearer || hasDocsPair;
const reason = live
  ? 'Bedrock credentials found in the environment'
  : 'skipped: no Bedrock credentials in the environment (set AWS_BEARER_TOKEN_BEDROCK and AWS_REGION, or OPENAI_API_KEY and a Bedrock OPENAI_BASE_URL)';

describe('live Bedrock smoke test', () => {
  it.skipIf(!live)(
    `a two-turn conversation on real Bedrock — ${reason}`,
    { timeout: 120_000 },
    async () => {
      const endpoint = bedrockBase?.endpoint ?? 'mantle';
      const model =
        env['WEFT_BEDROCK_MODEL'] ??
        (endpoint === 'runtime' ? 'openai.gpt-oss-20b-1:0' : 'openai.gpt-oss-20b');
      const client = bedrock({ model });
      const weft = createWeft({
        client: client.client,
        defaults: { model: client.model, params: { max_output_tokens: 512 } },
      });
      const convo = await weft.conversation();
      const first = await convo.send('Reply with one word: the capital of Italy.').result;
      expect(first.text.length).toBeGreaterThan(0);
      const second = await convo.send('And of France? One word.').result;
      expect(second.text.length).toBeGreaterThan(0);
      expect(second.turn.contextStrategy).toBe(
        client.profile.capabilities.previousResponseId ? 'server' : 'local',
      );
      await weft.close();
    },
  );
});
