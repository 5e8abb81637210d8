/**
 * The whole loop in one run: record against model A, replay offline (model A's server is gone),
 * show that a changed prompt is caught with a diff, then re-run on model B and print the comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft } from '@weft/core';
import { readTranscript, renderText } from '@weft/replay';
import { ReplayAssertionError, replayConversation } from '@weft/replay/testing';
import { openSqliteStore } from '@weft/store-sqlite';
import { recordConversation, recordedModel } from './record.js';
import { rerunOnModelB } from './rerun-on-model-b.js';
import { supportAgent } from './support-agent.js';

const write = (text: string) => process.stdout.write(`${text}\n`);
const dir = mkdtempSync(join(tmpdir(), 'weft-replay-example-'));
const store = openSqliteStore({ path: join(dir, 'weft.db') });
try {
  write('1. Recording against model A (local server)…');
  const recorded = await recordConversation(store);
  write(renderText(await readTranscript(store, { conversationId: recorded.conversationId })));

  write('\n2. Replaying offline: the same code, answered from the recording, no server running…');
  const { result } = await replayConversation(
    { store, conversationId: recorded.conversationId },
    (client) => supportAgent(createWeft({ client, defaults: { model: recordedModel } })),
  );
  write(
    `   answers match the recording: ${JSON.stringify(result.answers) === JSON.stringify(recorded.answers)}`,
  );

  write('\n3. Replaying after a prompt change: the first request that differs fails with a diff…');
  try {
    await replayConversation({ store, conversationId: recorded.conversationId }, (client) =>
      supportAgent(createWeft({ client, defaults: { model: recordedModel } }), {
        instructions: 'You are a terse travel assistant.',
      }),
    );
  } catch (error) {
    if (!(error instanceof ReplayAssertionError)) throw error;
    write(
      error.message
        .split('\n')
        .map((l) => `   ${l}`)
        .join('\n'),
    );
  }

  write('\n4. Re-running the recorded inputs on model B (a second local server) and comparing…\n');
  const { markdown } = await rerunOnModelB(store, recorded.conversationId);
  write(markdown);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
