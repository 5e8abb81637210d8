/**
 * The streaming execution strategy.
 *
 * @module
 */
import type { ExecutionStrategy } from '@weft/core';
import { resolveStreamOptions, type StreamStrategyOptions } from './stream-options.js';
import { runStream } from './stream-run.js';

/**
 * Runs turns with `stream: true` through the `openai` SDK and reports every event as it arrives.
 *
 * **Details**
 * - The response id is stored (`recordResponseId`) before `created` is reported: write-ahead.
 * - Events are read from the client's `streamEvents` iterable in a plain `for await` and handled
 *   synchronously; Effect work runs only to store the id, write a due batch or wait for a slow
 *   reader. A client without `streamEvents` is read through its `stream` Effect Stream.
 * - Deltas of output text, refusals, reasoning text, reasoning summaries and function arguments
 *   become `delta` events (with `itemId` and `outputIndex`); finished items `item.done`; the end
 *   `completed`, `incomplete` or `failed`. Other events (hosted-tool progress, unknown types) are
 *   skipped. Events without `sequence_number` are accepted.
 * - Output items are accumulated from the events and written as the turn's partial output in
 *   batches (`flushEveryEvents`, `flushIntervalMs`), together with the events for the turn's event
 *   log and, in the first batch, the first-token time. Same-process readers
 *   (`attachToTurn`) are told about each batch through the event bus.
 * - A mid-stream `error` event ends the turn as a `failed` Response (a result, like a
 *   `response.failed`), keeping the output that had arrived.
 * - A dropped stream writes what arrived and fails with `StreamInterrupted`; the retry policy then
 *   decides. A background response (`background` option, or `background: true` in the params) is
 *   resumed from the last `sequence_number` instead, up to `resumeAttempts` times.
 *
 * **Gotchas**: `emit` is synchronous; the strategy holds at most one batch in memory, and waits
 * for the store while a batch is written.
 *
 * @param options - batching, background and resume settings ({@link StreamStrategyOptions})
 * @throws StreamInterrupted — the stream broke before its terminal event (partial output kept)
 * @throws Timeout — the stream exceeded the conversation's `timeoutMs` (partial output kept)
 * @throws RateLimited, ServerError, Unauthorized, Forbidden, InvalidRequest, PreviousResponseNotFound — the request was refused
 * @throws StorageError, NotFound — the store failed
 * @since 0.1.0
 * @example
 * ```ts
 * const weft = createWeft({
 *   client: { baseURL: server.baseURL, apiKey: 'local' },
 *   strategies: { stream: streamStrategy() },
 *   defaults: { model: 'scripted', execution: 'stream' },
 * });
 * ```
 */
export function streamStrategy(options?: StreamStrategyOptions): ExecutionStrategy {
  const resolved = resolveStreamOptions(options);
  return {
    name: 'stream',
    run: (params, context) => runStream(params, context, resolved),
  };
}
