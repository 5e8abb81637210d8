import * as fc from 'fast-check';
import { startLocalServer } from '@weft/local-server';
import type { FuzzTarget } from './fuzz-target.js';
import { PropertyViolation } from './fuzz-target.js';
import { junk, mutateJson, mutateText } from './junk.js';

/** A request the local server answers normally, as the start of mutations. */
const validBody = {
  model: 'gpt-5',
  input: [
    { role: 'user', content: 'What is the capital of France?' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.' }] },
  ],
  instructions: 'Answer briefly.',
  tools: [
    {
      type: 'function',
      name: 'get_capital',
      description: 'The capital of a country.',
      parameters: {
        type: 'object',
        properties: { country: { type: 'string' } },
        required: ['country'],
      },
      strict: false,
    },
  ],
  text: { format: { type: 'text' } },
  max_output_tokens: 200,
  metadata: { case: 'fuzz' },
  store: true,
};

interface BodyCase {
  readonly path: '/responses' | '/conversations';
  readonly body: string;
}

/**
 * Random and mutated request bodies to the local server: each must get a 4xx with an error body
 * (or a normal answer), never a 5xx, a dropped connection or no answer.
 */
export const requestBodiesTarget: FuzzTarget = {
  name: 'request-bodies',
  async setup(env) {
    const server = await startLocalServer({ apiKey: env.sentinels.apiKey, seed: env.seed });
    const json = JSON.stringify(validBody);
    const arbitrary: fc.Arbitrary<BodyCase> = fc.record({
      path: fc.constantFrom('/responses', '/responses', '/conversations'),
      body: fc.oneof(
        {
          arbitrary: mutateJson(validBody).map((v) => JSON.stringify(v) ?? 'undefined'),
          weight: 4,
        },
        { arbitrary: mutateText(json), weight: 2 },
        { arbitrary: junk.map((v) => JSON.stringify(v)), weight: 1 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
      ),
    });
    return {
      arbitrary,
      async run({ path, body }) {
        const response = await fetch(`${server.baseURL}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${env.sentinels.apiKey}`,
            'content-type': 'application/json',
          },
          body,
        });
        // Reading the whole body proves the connection ends (streams included).
        const text = await response.text();
        if (response.status >= 500) {
          throw new PropertyViolation(
            `POST ${path} answered ${response.status}: ${text.slice(0, 200)}`,
          );
        }
        if (response.status >= 400) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new PropertyViolation(
              `POST ${path} answered ${response.status} without a JSON error body`,
            );
          }
          const error = (parsed as { error?: { message?: unknown } } | null)?.error;
          if (typeof error?.message !== 'string') {
            throw new PropertyViolation(
              `POST ${path} answered ${response.status} without error.message`,
            );
          }
        }
      },
      close: () => server.close(),
    };
  },
};
