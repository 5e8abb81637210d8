/**
 * Re-running: the recorded inputs are sent again to model B (a second local server with another
 * script) as a new branch of the same tree, and the two branches are compared.
 */
import { createWeft, type WeftStores } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import {
  compareBranches,
  renderComparisonMarkdown,
  rerunBranch,
  type ComparisonReport,
} from '@weft/replay';
import { modelB, tools } from './support-agent.js';

/** The candidate model's id. */
export const candidateModel = 'support-v2';

/** Re-runs `conversationId` on model B; returns the comparison and its Markdown table. */
export async function rerunOnModelB(
  store: WeftStores,
  conversationId: string,
): Promise<{
  readonly report: ComparisonReport;
  readonly markdown: string;
  readonly rerunId: string;
}> {
  const server = await startLocalServer({ port: 0, script: modelB, seed: 2 });
  const candidate = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    store,
    defaults: { model: candidateModel },
  });
  try {
    const rerun = await rerunBranch({
      weft: candidate,
      source: { conversationId },
      settings: { model: candidateModel, tools },
      title: 'weather in Lisbon (support-v2)',
    });
    const report = await compareBranches(store.turns, {
      original: { conversationId },
      rerun: { conversationId: rerun.conversationId },
    });
    return { report, markdown: renderComparisonMarkdown(report), rerunId: rerun.conversationId };
  } finally {
    await candidate.close();
    await server.close();
  }
}
