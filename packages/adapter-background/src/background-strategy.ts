/**
 * The background execution strategy.
 *
 * @module
 */
import { randomIds, type ClockShape, type ExecutionStrategy, type IdGeneratorShape } from '@weft/core';
import type { FlushPolicy } from './internal/drive-stream.js';
import {
  defaultLeaseMs,
  defaultOwner,
  resolvePoll,
  type PollOptions,
} from './internal/options.js';
import { runBackground } from './internal/run-background.js';

/** Options of {@link backgroundStrategy}. */
export interface BackgroundStrategyOptions {
  /**
   * `stream`: create with `stream: true` and re-open the stream after a drop with
   * `starting_after`; `poll`: `GET /v1/responses/{id}` with back-off. Default: `stream` when the
   * provider profile supports stream resume, else `poll`.
   */
  readonly mode?: 'poll' | 'stream' | undefined;
  /** Poll back-off (default 250 ms doubling by 1.5 up to 5 s; reset when output arrives). */
  readonly poll?: PollOptions | undefined;
  /** How long a lease lasts; it is renewed every third of it (default 30 s). */
  readonly leaseMs?: number | undefined;
  /** The lease owner name (default: unique per process and strategy). */
  readonly owner?: string | undefined;
  /** Time for leases and stored timestamps (default: the conversation's clock). */
  readonly clock?: ClockShape | undefined;
  /** Job ids (default: random). */
  readonly ids?: IdGeneratorShape | undefined;
  /**
   * Longest a job may run, from its creation. When it passes, the response is cancelled and the
   * turn fails with `Timeout`. Default: no limit — a stalled response stays active and is polled
   * at `poll.maxMs` until it ends, is cancelled, or expires on the server.
   */
  readonly maxDurationMs?: number | undefined;
  /**
   * On a provider without background mode, run the turn as an ordinary in-process stream, with the
   * same job record, instead of refusing. The turn then dies with the process (see README).
   */
  readonly fallbackToStream?: boolean | undefined;
  /** How often streamed progress is written: every `events` events or `intervalMs` (32, 250 ms). */
  readonly flush?: Partial<FlushPolicy> | undefined;
}

/**
 * Runs turns as background responses (`background: true, store: true`) that survive the process.
 *
 * **Details**
 * - Write-ahead: the moment the create call returns (poll mode) or `response.created` arrives
 *   (stream mode), the job (response id, lease held by this strategy) and the turn's response id
 *   are stored, before any event is emitted.
 * - Driving: polls with back-off, or streams and re-opens the stream after the stored cursor
 *   (`sequence_number`) after a drop; falls back to polling when the server will not re-stream.
 *   Events are emitted at once and appended to the turn's event log in batches, with the partial
 *   output and the cursor.
 * - Leases: renewed every third of `leaseMs`. When another worker takes the job over, this run
 *   stops driving and waits for the job to end, then resolves as if it had driven it.
 * - Resume: when the turn already has a job (a conversation reopened after a crash), the job is
 *   resumed from its cursor instead of creating a new response.
 * - Ends: the turn is completed once, the head moved (compare-and-swap, only from the turn's
 *   parent), the job given its final status, and the final Response returned.
 *
 * @throws Unsupported — the provider has no background mode (and no `fallbackToStream`), or no job store
 * @throws ResponseNotFound — the server no longer has the response (expired or deleted); the turn says so
 * @throws Timeout — the job ran past `maxDurationMs` (operation `background job`)
 * @throws Cancelled — the turn or its response was cancelled
 * @throws RateLimited, ServerError, Unauthorized, Forbidden, InvalidRequest, PreviousResponseNotFound — from the create call
 * @throws StorageError, NotFound — from the stores
 * @since 0.1.0
 * @example
 * ```ts
 * const store = openSqliteStore({ path: 'weft.db' });
 * const weft = createWeft({
 *   client: { baseURL: server.baseURL, apiKey: 'local' },
 *   store,
 *   strategies: { background: backgroundStrategy({ mode: 'poll' }) },
 *   defaults: { model: 'scripted', execution: 'background' },
 * });
 * ```
 */
export function backgroundStrategy(options: BackgroundStrategyOptions = {}): ExecutionStrategy {
  const settings = {
    mode: options.mode,
    poll: resolvePoll(options.poll),
    leaseMs: Math.max(1, options.leaseMs ?? defaultLeaseMs),
    owner: options.owner ?? defaultOwner(),
    now: options.clock === undefined ? undefined : () => (options.clock as ClockShape).now(),
    ids: options.ids ?? randomIds,
    maxDurationMs: options.maxDurationMs,
    fallbackToStream: options.fallbackToStream ?? false,
    flush: {
      events: Math.max(1, options.flush?.events ?? 32),
      intervalMs: Math.max(0, options.flush?.intervalMs ?? 250),
    },
  };
  return {
    name: 'background',
    // With fallbackToStream, an endpoint without background mode still runs the turn (as a stream).
    supports: (profile) => settings.fallbackToStream && profile.capabilities.stream,
    run: (params, context) => runBackground(settings, params, context),
  };
}
