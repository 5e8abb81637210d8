/**
 * The Weft both children of a crash cycle build over the cycle's SQLite file: the same client,
 * strategies and defaults, so the resumed process runs the turn exactly as the killed one would.
 */
import { backgroundStrategy } from '@weft/adapter-background';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft, type Weft, type WeftStores } from '@weft/core';
import { openSqliteStore, type SqliteStore } from '@weft/store-sqlite';
import type { CrashKind } from './crash-plan.js';

/** The names the cycle's children are registered under in `children.ts`. */
export const CRASH_START = 'crash-start';
export const CRASH_RESUME = 'crash-resume';

/** What the suite tells each child of a cycle. */
export interface CycleArg {
  readonly cycle: number;
  readonly kind: CrashKind;
  readonly baseURL: string;
  readonly dbPath: string;
  /** The conversation of a stream or background cycle (created by the suite). */
  readonly conversationId: string;
  /** The prompt of a stream or background cycle. */
  readonly prompt: string;
  /** The workflow run id of a workflow cycle. */
  readonly runId: string;
}

/** Background leases expire quickly, so the resumed process can take over soon after a kill. */
export const LEASE_MS = 500;
export const MODEL = 'scripted-1';

/** Opens the cycle's file, waiting generously for locks: two processes may share it. */
export function openCycleStore(arg: CycleArg): SqliteStore {
  return openSqliteStore({ path: arg.dbPath, busyTimeoutMs: 20_000 });
}

/** The Weft of a cycle over `stores`, with the cycle kind's execution as the default. */
export function cycleWeft(arg: CycleArg, apiKey: string, stores: WeftStores): Weft {
  return createWeft({
    client: { baseURL: arg.baseURL, apiKey },
    store: stores,
    strategies: {
      stream: streamStrategy({ flushEveryEvents: 4, flushIntervalMs: 20 }),
      background: backgroundStrategy({
        mode: arg.kind === 'background-poll' ? 'poll' : 'stream',
        leaseMs: LEASE_MS,
        poll: { initialMs: 10, maxMs: 40 },
        flush: { events: 4, intervalMs: 20 },
      }),
    },
    defaults: {
      model: MODEL,
      execution: arg.kind === 'stream' || arg.kind === 'workflow' ? 'stream' : 'background',
    },
  });
}
