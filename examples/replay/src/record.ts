/**
 * Recording: the assistant talks to model A on the local server, and every turn lands in the
 * store. With a fixed clock and sequential ids the recording is the same on every run.
 */
import { createWeft, fixedClock, sequentialIds, type WeftStores } from '@weft/core';
import { createManualClock, startLocalServer } from '@weft/local-server';
import { modelA, supportAgent } from './support-agent.js';

/** The model id the recording was made with. */
export const recordedModel = 'support-v1';

/** Records one conversation into `store`; returns its id and answers. */
export async function recordConversation(store: WeftStores) {
  const server = await startLocalServer({
    port: 0,
    script: modelA,
    seed: 1,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
  });
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    store,
    defaults: { model: recordedModel },
    clock: fixedClock(Date.UTC(2026, 0, 1)),
    ids: sequentialIds(),
  });
  try {
    return await supportAgent(weft);
  } finally {
    await weft.close();
    await server.close();
  }
}
