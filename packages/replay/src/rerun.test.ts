import type { IdGeneratorShape } from '@weft/core';
import { Effect } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareBranches } from './compare.js';
import { renderComparisonMarkdown } from './compare-report.js';
import { rerunBranch } from './rerun.js';
import { replayEnv, weatherAgent, weatherTool, type ReplayEnv } from './test-support.js';

let env: ReplayEnv;
beforeEach(async () => {
  env = await replayEnv();
});
afterEach(async () => {
  await env.close();
});

const otherIds = (): IdGeneratorShape => {
  let n = 0;
  return { next: (kind) => `${kind}_rerun_${++n}` };
};

describe('re-run and compare', () => {
  it('re-runs a branch on the second model as a new branch and compares it', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const weftB = env.weft('B', { ids: otherIds() });
    const rerun = await rerunBranch({
      weft: weftB,
      source: { conversationId: recorded.conversationId },
      settings: { model: 'scripted-b', tools: [weatherTool], params: { temperature: 0.2 } },
    });
    expect(rerun.exchanges.map((e) => e.inputText)).toEqual([
      'What is the weather in Paris?',
      'thanks',
    ]);
    expect(rerun.exchanges.map((e) => e.error)).toEqual([undefined, undefined]);
    expect(rerun.exchanges.map((e) => e.turns.length)).toEqual([2, 1]);
    expect(rerun.forkTurnId).toBeNull();

    // Same tree: the new branch's turns are in the same store, the new conversation points back.
    const record = await Effect.runPromise(env.store.turns.getConversation(rerun.conversationId));
    expect(record.metadata).toMatchObject({ rerunOf: recorded.conversationId });
    const chain = await Effect.runPromise(env.store.turns.readChain(rerun.headTurnId ?? ''));
    expect(chain.map((t) => t.request.params.model)).toEqual([
      'scripted-b',
      'scripted-b',
      'scripted-b',
    ]);
    expect(chain[0]?.request.params.temperature).toBe(0.2);
    expect(chain[0]?.request.params.instructions).toBe('You are a weather assistant.');

    const report = await compareBranches(env.store, {
      original: { conversationId: recorded.conversationId },
      rerun: { conversationId: rerun.conversationId },
    });
    expect(report.original.models).toEqual(['scripted-a']);
    expect(report.rerun.models).toEqual(['scripted-b']);
    expect(report.exchanges).toHaveLength(2);
    const [weather, thanks] = report.exchanges;
    expect(weather?.sameInput).toBe(true);
    expect(weather?.textSame).toBe(false);
    expect(weather?.rerunText).toBe('Forecast: cloudy, 17 °C. Enjoy Paris and Lyon!');
    expect(weather?.toolCalls).toMatchObject({
      same: 1,
      changed: [],
      onlyOriginal: [],
      onlyRerun: [{ name: 'get_weather', arguments: '{"city":"Lyon"}' }],
    });
    expect(thanks?.textDiff).toBe(
      '[-You are welcome-]{+Anytime, have a great day with the sunshine+}!',
    );
    expect(weather?.tokens.total.delta).toBe(
      (weather?.tokens.total.rerun ?? 0) - (weather?.tokens.total.original ?? 0),
    );
    expect(report.summary).toMatchObject({
      exchanges: 2,
      textsDiffering: 2,
      toolCallsDiffering: 1,
    });
    expect(report.summary.tokens.total.original).toBe(
      chainUsage(await Effect.runPromise(env.store.turns.readChain(report.original.headTurnId))),
    );

    const md = renderComparisonMarkdown(report);
    expect(md).toContain('| # | input | text | tool calls | structured | tokens | latency |');
    expect(md).toMatch(
      /\| 1 \| What is the weather in Paris\? \| changed \| 1 same, 1 only re-run \| n\/a \| \d+ → \d+ \([+-]?\d+\) \|/,
    );
    expect(md).toContain('tool `get_weather` only in the re-run: `{"city":"Lyon"}`');
    expect(md).toContain('Original `turn_0003` (scripted-a) vs re-run');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('re-runs from a later exchange as a fork sharing the earlier turns', async () => {
    const recorded = await weatherAgent(env.weft('A'));
    const rerun = await rerunBranch({
      weft: env.weft('B', { ids: otherIds() }),
      source: { conversationId: recorded.conversationId },
      settings: { model: 'scripted-b', tools: [weatherTool], instructions: 'Be cheerful.' },
      fromExchange: 1,
    });
    expect(rerun.forkTurnId).toBe('turn_0002');
    const report = await compareBranches(env.store, {
      original: { conversationId: recorded.conversationId },
      rerun: { conversationId: rerun.conversationId },
    });
    expect(report.exchanges.map((e) => e.inputText)).toEqual(['thanks']);
    expect(report.exchanges[0]?.toolCalls).toMatchObject({
      same: 0,
      changed: [],
      onlyOriginal: [],
      onlyRerun: [],
    });
  });
});

function chainUsage(chain: readonly { usage: { total_tokens: number } | null }[]): number {
  return chain.reduce((n, t) => n + (t.usage?.total_tokens ?? 0), 0);
}
