import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import { openSqliteStore } from '@weft/store-sqlite';
import { expect, it } from 'vitest';
import { createReplayClient, readTranscript, renderMarkdown } from './index.js';

it('the README example runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-replay-readme-'));
  const server = await startLocalServer({ port: 0 });
  const store = openSqliteStore({ path: join(dir, 'weft.db') });
  try {
    const live = createWeft({
      client: { baseURL: server.baseURL, apiKey: 'local' },
      store,
      defaults: { model: 'gpt-5' },
    });
    const convo = await live.conversation();
    const recorded = await convo.send('Hello there').result;
    await server.close();
    expect(renderMarkdown(await readTranscript(store, { conversationId: convo.id }))).toContain(
      '> Hello there',
    );

    const client = await createReplayClient({ store, conversationId: convo.id });
    const replay = createWeft({ client, defaults: { model: 'gpt-5' } });
    const { text } = await (await replay.conversation()).send('Hello there').result;
    expect(text).toBe(recorded.text);
    await Promise.all([live.close(), replay.close()]);
  } finally {
    await server.close().catch(() => undefined);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
