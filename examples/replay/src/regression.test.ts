/**
 * The recording in `fixtures/` as a regression test: the assistant's code runs against the
 * recorded turns, with no server and no key. A change to the prompt, the tools or their output
 * shows up as a divergence with a diff.
 */
import { readFileSync } from 'node:fs';
import { createWeft } from '@weft/core';
import { replayConversation } from '@weft/replay/testing';
import { makeTempSqliteStore, type TempSqliteStore } from '@weft/store-sqlite/testing';
import { Effect } from 'effect';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordedModel } from './record.js';
import { supportAgent } from './support-agent.js';

const fixture = readFileSync(new URL('../fixtures/support.weft.jsonl', import.meta.url), 'utf8');
let store: TempSqliteStore;
let conversationId: string;

beforeEach(async () => {
  store = makeTempSqliteStore();
  await Effect.runPromise(store.importJsonl(fixture));
  const page = await Effect.runPromise(store.turns.listConversations({}));
  conversationId = page.items[0]?.id ?? '';
});
afterEach(() => store.dispose());

it('answers both questions exactly as recorded, offline', async () => {
  const { result, client } = await replayConversation({ store: store, conversationId }, (client) =>
    supportAgent(createWeft({ client, defaults: { model: recordedModel } })),
  );
  expect(result.answers).toEqual(['It is 21 °C and sunny in Lisbon.', 'No umbrella needed today.']);
  expect(client.remaining()).toEqual([]);
});

it('fails with a readable diff when the instructions change', async () => {
  const run = replayConversation({ store: store, conversationId }, (client) =>
    supportAgent(createWeft({ client, defaults: { model: recordedModel } }), {
      instructions: 'You are a terse travel assistant.',
    }),
  );
  await expect(run).rejects.toThrow(/Replay diverged at request #0[\s\S]*instructions/);
  await expect(run).rejects.toThrow('You are a [-friendly-]{+terse+} travel assistant.');
});
