/** A local server and a Weft over a SQLite file in a temp directory, with fixed clock and ids. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeft, type Weft, type WeftOptions } from '@weft/core';
import { fixedClock, sequentialIds } from '@weft/core/testing';
import { startLocalServer, type Script } from '@weft/local-server';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';

export interface LocalSetup {
  readonly server: Awaited<ReturnType<typeof startLocalServer>>;
  readonly dir: string;
  readonly dbPath: string;
  readonly store: SqliteStore;
  readonly weft: Weft;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly ids: ReturnType<typeof sequentialIds>;
  close(): Promise<void>;
}

export async function localSetup(
  script: Script,
  weftOptions: Partial<WeftOptions> = {},
): Promise<LocalSetup> {
  const server = await startLocalServer({ port: 0, script, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'weft-workflow-'));
  const dbPath = join(dir, 'weft.db');
  const store = openSqliteStore({ path: dbPath });
  const clock = fixedClock(Date.UTC(2026, 0, 1), 1);
  const ids = sequentialIds();
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    store,
    clock,
    ids,
    defaults: { model: 'scripted-1' },
    ...weftOptions,
  });
  return {
    server,
    dir,
    dbPath,
    store,
    weft,
    clock,
    ids,
    close: async () => {
      await weft.close();
      store.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
