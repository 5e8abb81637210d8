import * as fc from 'fast-check';
import { createWeft, defineTool, type ToolPolicy } from '@weft/core';
import { startLocalServer, type Model, type ModelReply } from '@weft/local-server';
import { Effect } from 'effect';
import { z } from 'zod';
import type { FuzzTarget } from './fuzz-target.js';
import { PropertyViolation } from './fuzz-target.js';
import { junk, mutateText } from './junk.js';

interface ToolCase {
  /** The function name the model calls (sometimes not a tool the conversation has). */
  readonly name: string;
  /** The raw `arguments` string the model sends. */
  readonly args: string;
  readonly onInvalidArguments: ToolPolicy;
}

const usage = { inputTokens: 10, outputTokens: 5, reasoningTokens: 0, cachedTokens: 0 };
const Params = z.object({ orderId: z.string().min(1), quantity: z.number().int().min(1) });

/**
 * A model that calls a tool with fuzzed arguments (malformed JSON, wrong types, unknown tools):
 * the send must complete (the issues go back to the model) or fail with `ToolFailed`, and the
 * handler must only ever see arguments that passed validation.
 */
export const toolArgumentsTarget: FuzzTarget = {
  name: 'tool-arguments',
  async setup(env) {
    let current: ToolCase = { name: 'lookup_order', args: '{}', onInvalidArguments: 'return' };
    let invalidSeen: string | undefined;
    const model: Model = {
      respond(input): ModelReply {
        const answered = input.input.some((item) => item.type === 'function_call_output');
        return {
          items: answered
            ? [{ type: 'message', text: 'Done.' }]
            : [{ type: 'function_call', name: current.name, arguments: current.args }],
          status: 'completed',
          usage,
        };
      },
    };
    const server = await startLocalServer({ apiKey: env.sentinels.apiKey, model, seed: env.seed });
    const makeWeft = (policy: ToolPolicy) =>
      createWeft({
        client: { baseURL: server.baseURL, apiKey: env.sentinels.apiKey, timeoutMs: 5000 },
        defaults: {
          model: 'gpt-5',
          contextStrategy: 'local',
          retry: { maxAttempts: 1 },
          maxToolRounds: 2,
          tools: [
            defineTool({
              name: 'lookup_order',
              description: 'Looks up an order.',
              parameters: Params,
              onInvalidArguments: policy,
              execute: (args) => {
                if (!Params.safeParse(args).success) invalidSeen = JSON.stringify(args);
                return { total: 12 };
              },
            }),
          ],
        },
      });
    const wefts = { return: makeWeft('return'), fail: makeWeft('fail') };
    const valid = fc.record({
      orderId: fc.string({ minLength: 1, maxLength: 8 }),
      quantity: fc.integer({ min: 1, max: 9 }),
    });
    const wrongTypes = fc.record(
      { orderId: junk, quantity: junk, extra: junk },
      { requiredKeys: [] },
    );
    const arbitrary: fc.Arbitrary<ToolCase> = fc.record({
      name: fc.oneof(
        { weight: 6, arbitrary: fc.constant('lookup_order') },
        { weight: 1, arbitrary: fc.stringMatching(/^[a-z_]{1,12}$/) },
      ),
      args: fc.oneof(
        { weight: 2, arbitrary: valid.map((v) => JSON.stringify(v)) },
        { weight: 3, arbitrary: wrongTypes.map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: valid.chain((v) => mutateText(JSON.stringify(v))) },
        { weight: 1, arbitrary: junk.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      ),
      onInvalidArguments: fc.constantFrom<ToolPolicy>('return', 'fail'),
    });
    return {
      arbitrary,
      async run(value: ToolCase) {
        current = value;
        invalidSeen = undefined;
        const convo = await wefts[value.onInvalidArguments].conversation();
        const sent = await Effect.runPromise(
          Effect.result(
            Effect.tryPromise({
              try: () => convo.send('Look up my order.').result,
              catch: (e) => e,
            }),
          ),
        );
        await convo.close();
        // Checked first: a handler that saw invalid arguments is a bug whatever the send returned.
        if (invalidSeen !== undefined) {
          throw new PropertyViolation(`the handler ran with invalid arguments ${invalidSeen}`);
        }
        if (sent._tag === 'Failure') throw sent.failure;
      },
      async close() {
        await wefts.return.close();
        await wefts.fail.close();
        await server.close();
      },
    };
  },
};
