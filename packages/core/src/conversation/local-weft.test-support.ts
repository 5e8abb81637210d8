import { startLocalServer, type FaultSpec, type Script } from '@weft/local-server';
import { SimulatedClock } from 'xstate';
import { makeMemoryStores, type MemoryStores } from '../memory/memory-stores.js';
import { fixedClock } from '../services/clock.js';
import { sequentialIds } from '../services/ids.js';
import { createWeft, type Weft, type WeftOptions } from '../weft.js';

/** A local server and a Weft pointed at it, with deterministic clock, ids, jitter and timers. */
export interface LocalWeft {
  readonly weft: Weft;
  readonly server: Awaited<ReturnType<typeof startLocalServer>>;
  readonly stores: MemoryStores;
  readonly timers: SimulatedClock;
  /** Another Weft on the same stores and server: a second process, as far as Weft can tell. */
  reopen(options?: Partial<WeftOptions>): Weft;
  close(): Promise<void>;
}

export async function localWeft(
  options: { script?: Script; faults?: FaultSpec; weft?: Partial<WeftOptions> } = {},
): Promise<LocalWeft> {
  const server = await startLocalServer({
    port: 0,
    apiKey: 'sk-test-sentinel-0123456789',
    ...(options.script !== undefined ? { script: options.script } : {}),
  });
  const stores = makeMemoryStores();
  const timers = new SimulatedClock();
  const ids = sequentialIds();
  const clock = fixedClock(Date.UTC(2026, 0, 1), 1);
  const make = (extra: Partial<WeftOptions> = {}): Weft =>
    createWeft({
      client: { baseURL: server.baseURL, apiKey: 'sk-test-sentinel-0123456789' },
      store: stores,
      ids,
      clock,
      random: () => 0.5,
      timers,
      defaults: { model: 'scripted-1', retry: { initialDelayMs: 10, maxDelayMs: 2000 } },
      ...options.weft,
      ...extra,
    });
  const opened: Weft[] = [];
  const weft = make();
  opened.push(weft);
  return {
    weft,
    server,
    stores,
    timers,
    reopen: (extra) => {
      const w = make(extra);
      opened.push(w);
      return w;
    },
    close: async () => {
      await Promise.all(opened.map((w) => w.close()));
      await server.close();
    },
  };
}

/** Waits until `check` passes, yielding to the event loop between tries (no fixed sleeps). */
export async function eventually(check: () => boolean, what: string, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}
