import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft } from '@weft/core';
import { replayConversation } from '@weft/replay/testing';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordConversation, recordedModel } from './record.js';
import { rerunOnModelB } from './rerun-on-model-b.js';
import { supportAgent } from './support-agent.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-replay-test-'));
  store = openSqliteStore({ path: join(dir, 'weft.db') });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('records, replays offline, and compares a re-run on model B', async () => {
  const recorded = await recordConversation(store);
  expect(recorded.answers).toEqual([
    'It is 21 °C and sunny in Lisbon.',
    'No umbrella needed today.',
  ]);

  const { result } = await replayConversation(
    { store, conversationId: recorded.conversationId },
    (client) => supportAgent(createWeft({ client, defaults: { model: recordedModel } })),
  );
  expect(result.answers).toEqual(recorded.answers);

  const { report, markdown } = await rerunOnModelB(store, recorded.conversationId);
  expect(report.exchanges).toHaveLength(2);
  expect(report.summary).toMatchObject({ exchanges: 2, textsDiffering: 2, toolCallsDiffering: 1 });
  expect(markdown).toContain('| 2 | Should I take an umbrella? | changed | none |');
  expect(markdown).toContain('~ city: recorded "Lisbon" → now "Lisbon, PT"');
});

it('keeps the committed recording in step with what recording produces now', async () => {
  const { conversationId } = await recordConversation(store);
  const fresh = await Effect.runPromise(store.exportJsonl({ conversationId }));
  const committed = readFileSync(
    new URL('../fixtures/support.weft.jsonl', import.meta.url),
    'utf8',
  );
  // After an intended change: `./dev pnpm --filter @weft/example-replay build && ./dev pnpm --filter @weft/example-replay record`.
  expect(fresh).toBe(committed);
});
