import * as fc from 'fast-check';
import { backgroundStrategy } from '@weft/adapter-background';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, type WeftOptions } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import type { FuzzTarget } from './fuzz-target.js';
import { junk, validOrJunk } from './junk.js';

/**
 * `createWeft` configuration objects, valid and with wrong values in random places: making the
 * Weft, a conversation and one send must succeed or fail with a typed error — never a TypeError
 * or another untyped exception.
 */
export const configTarget: FuzzTarget = {
  name: 'configuration',
  async setup(env) {
    const server = await startLocalServer({ apiKey: env.sentinels.apiKey, seed: env.seed });
    // A configuration without a baseURL must not reach a real endpoint: the SDK's default goes to a closed local port.
    const previousBaseUrl = process.env['OPENAI_BASE_URL'];
    process.env['OPENAI_BASE_URL'] = 'http://127.0.0.1:9/v1';
    const settings = fc.record(
      {
        baseURL: fc.oneof(
          { weight: 6, arbitrary: fc.constant(server.baseURL) },
          { weight: 1, arbitrary: fc.constant('http://127.0.0.1:9/v1') },
          { weight: 1, arbitrary: junk },
        ),
        apiKey: fc.oneof(
          { weight: 6, arbitrary: fc.constant(env.sentinels.apiKey) },
          { weight: 1, arbitrary: junk },
        ),
        timeoutMs: validOrJunk(fc.integer({ min: 1, max: 5000 })),
        headers: validOrJunk(
          fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), fc.string({ maxLength: 8 }), {
            maxKeys: 2,
          }),
        ),
        provider: validOrJunk(fc.string({ maxLength: 10 })),
      },
      { requiredKeys: ['baseURL', 'apiKey'] },
    );
    const defaults = fc.record(
      {
        model: fc.oneof(
          { weight: 6, arbitrary: fc.constant('gpt-5') },
          { weight: 1, arbitrary: junk },
        ),
        execution: validOrJunk(fc.constantFrom('blocking', 'stream', 'background')),
        contextStrategy: validOrJunk(fc.constantFrom('server', 'local', 'conversation')),
        instructions: validOrJunk(fc.string({ maxLength: 20 })),
        maxToolRounds: validOrJunk(fc.integer({ min: -1, max: 4 })),
        toolConcurrency: validOrJunk(fc.integer({ min: -1, max: 4 })),
        maxCorrections: validOrJunk(fc.integer({ min: -1, max: 2 })),
        timeoutMs: validOrJunk(fc.integer({ min: 1, max: 5000 })),
        retry: validOrJunk(
          fc.record(
            {
              maxAttempts: fc.integer({ min: -1, max: 3 }),
              initialDelayMs: fc.integer({ min: -5, max: 20 }),
              maxDelayMs: fc.integer({ min: -5, max: 50 }),
              multiplier: fc.double({ min: -1, max: 3, noNaN: true }),
              jitter: fc.double({ min: -1, max: 2, noNaN: true }),
            },
            { requiredKeys: [] },
          ),
        ),
        params: validOrJunk(
          fc.record(
            {
              temperature: validOrJunk(fc.double({ min: 0, max: 2, noNaN: true })),
              max_output_tokens: validOrJunk(fc.integer({ min: 0, max: 500 })),
              metadata: validOrJunk(
                fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), {
                  maxKeys: 2,
                }),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ['model'] },
    );
    const arbitrary = fc.record(
      {
        client: fc.oneof({ weight: 5, arbitrary: settings }, { weight: 1, arbitrary: junk }),
        defaults: fc.oneof({ weight: 5, arbitrary: defaults }, { weight: 1, arbitrary: junk }),
        strategies: fc.oneof(
          { weight: 4, arbitrary: fc.constant('adapters') },
          { weight: 1, arbitrary: junk },
        ),
        telemetry: validOrJunk(
          fc.record(
            { logLevel: validOrJunk(fc.constantFrom('debug', 'info', 'warn', 'error')) },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ['client'] },
    );
    return {
      arbitrary,
      async run(value: Record<string, unknown>) {
        const options = {
          ...value,
          ...(value['strategies'] === 'adapters'
            ? {
                strategies: {
                  stream: streamStrategy(),
                  background: backgroundStrategy({ maxDurationMs: 3000 }),
                },
              }
            : {}),
        } as unknown as WeftOptions;
        const weft = createWeft(options);
        try {
          const convo = await weft.conversation();
          await convo.send('Hello.').result;
        } finally {
          await weft.close();
        }
      },
      async close() {
        if (previousBaseUrl === undefined) delete process.env['OPENAI_BASE_URL'];
        else process.env['OPENAI_BASE_URL'] = previousBaseUrl;
        await server.close();
      },
    };
  },
};
