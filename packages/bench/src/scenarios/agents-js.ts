/**
 * The same conversation through the OpenAI Agents SDK for JS (`@openai/agents`): an `Agent` run by a
 * `Runner` whose model provider points at the local server (Responses API), with a `MemorySession`
 * keeping the history. The session sends the whole history every turn, so the baseline is Weft with
 * the `local` context strategy (the chain's items every turn) on the memory store; Weft with
 * store-sqlite and `previous_response_id` is reported beside it.
 */
import { Agent, MemorySession, OpenAIProvider, Runner } from '@openai/agents';
import { figure } from '../figures.js';
import type { Scenario } from '../scenario.js';
import {
  model,
  rawClient,
  startConversationServer,
  userText,
} from '../support/conversation-fixture.js';
import { mean, tempDir } from '../support/system.js';
import { openWeft, weftConversation } from '../support/weft-fixture.js';

async function agentsConversation(runner: Runner, agent: Agent, turns: number): Promise<number[]> {
  const session = new MemorySession();
  const times: number[] = [];
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    await runner.run(agent, userText(i), { session });
    times.push(performance.now() - t);
  }
  return times;
}

/** `agents_js_turn_ms`. */
export const agentsJsComparison: Scenario = {
  name: 'peers.agents-js',
  description:
    'One 200-turn conversation through @openai/agents (Runner + MemorySession, the whole history sent each turn, tracing off) and through Weft with the local context strategy (the same history sent each turn) on the memory store. Local server in a child process.',
  async run(context) {
    const turns = context.quick ? 20 : 200;
    const server = await startConversationServer();
    const dir = tempDir('agents');
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        openAIClient: rawClient(server.baseURL),
        useResponses: true,
      }),
      tracingDisabled: true,
    });
    const agent = new Agent({ name: 'bench', instructions: 'Answer briefly.', model });
    const local = openWeft({
      baseURL: server.baseURL,
      store: 'memory',
      dir: dir.path,
      contextStrategy: 'local',
    });
    const chained = openWeft({ baseURL: server.baseURL, store: 'sqlite-full', dir: dir.path });
    try {
      await agentsConversation(runner, agent, 5);
      await weftConversation(local.weft, 5);
      const agents = mean(await agentsConversation(runner, agent, turns));
      context.log('  agents done');
      const weftLocal = mean(await weftConversation(local.weft, turns));
      const weftChained = mean(await weftConversation(chained.weft, turns));
      const baseline = {
        label: 'Weft, local context (whole history), memory store',
        value: weftLocal,
        unit: 'ms/turn',
      };
      return {
        figures: [
          figure({
            key: 'agents_js_turn_ms',
            value: agents,
            unit: 'ms/turn',
            what: `@openai/agents Runner + MemorySession, ${turns} turns`,
            baseline,
            ratioMeaning: 'Agents SDK ÷ Weft (same history on the wire)',
            note: `÷ Weft + store-sqlite FULL with previous_response_id (${weftChained.toFixed(2)} ms/turn): ${(agents / weftChained).toFixed(2)}`,
          }),
          figure({
            key: 'weft_local_context_turn_ms',
            value: weftLocal,
            unit: 'ms/turn',
            what: `Weft, local context strategy, memory store, ${turns} turns`,
            baseline: {
              label: 'Weft + store-sqlite FULL, previous_response_id',
              value: weftChained,
              unit: 'ms/turn',
            },
            ratioMeaning: 'local context + memory store ÷ previous_response_id + store-sqlite FULL',
          }),
        ],
      };
    } finally {
      await local.close();
      await chained.close();
      await server.stop();
      dir.remove();
    }
  },
};
