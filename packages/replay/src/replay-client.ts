/**
 * The replay client: recorded turns served through the `ResponsesClient` port.
 *
 * @module
 */
import {
  chainToInputItems,
  ResponseNotFound,
  type CallOptions,
  type ClientError,
  type ClockShape,
  type CreateParams,
  type ProviderProfile,
  type ResponseObject,
  type ResponsesClientShape,
  type ServerConversation,
  type StoreError,
  type TurnStoreShape,
} from '@weft/core';
import { Effect, Exit, Cause, Stream } from 'effect';
import type { ResponseItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ReplayDivergence, ReplayRecordingMissing } from './errors.js';
import {
  loadRecording,
  type RecordedCall,
  type Recording,
  type RecordingSource,
} from './recording/load-recording.js';
import { recordedClientError } from './recording/recorded-error.js';
import { recordedResponse } from './recording/rebuild-response.js';
import { recordedStreamEvents } from './recording/stream-events.js';
import { ReplayMatcher, type ReplayMode } from './replay-matcher.js';

/** Options of {@link createReplayClient}. */
export type ReplayClientOptions = RecordingSource & {
  /** The store holding the recording: a `TurnStore`, or `{ turns }` as `openSqliteStore` returns. */
  readonly store: TurnStoreShape | { readonly turns: TurnStoreShape };
  /** `strict` (default): every request must match the next recorded one. `lenient`: see {@link ReplayClient.recorded}. */
  readonly mode?: ReplayMode | undefined;
  /** Lenient mode: where unmatched requests go. Without it they fail with `ReplayDivergence`. */
  readonly live?: ResponsesClientShape | undefined;
  /** `immediate` (default) or `recorded`: streams wait between events as long as the recording did. */
  readonly pace?: 'immediate' | 'recorded' | undefined;
  /** Timestamps of live exchanges (default: the system clock). */
  readonly clock?: ClockShape | undefined;
  /** How the recorded pace waits (default `Effect.sleep`, which Effect's `TestClock` controls). */
  readonly sleep?: ((ms: number) => Effect.Effect<void>) | undefined;
  /** Extra dotted request paths left out of the comparison (`metadata.trace_id`). */
  readonly ignore?: readonly string[] | undefined;
  /** Serve retried failed attempts too, so retry paths replay (default true). */
  readonly includeFailedAttempts?: boolean | undefined;
  /** The profile to report (default: the live client's, else none = everything supported). */
  readonly profile?: ProviderProfile | undefined;
};

/** One call the replay answered. */
export interface ServedCall {
  readonly position: number;
  readonly method: 'create' | 'stream';
  readonly source: 'recorded' | 'live';
  /** The recorded turn served (recorded calls only). */
  readonly turnId: string | undefined;
  readonly responseId: string | undefined;
}

/** A request lenient mode sent to the live client, and what came back. */
export interface LiveExchange {
  readonly position: number;
  readonly method: 'create' | 'stream';
  readonly request: CreateParams;
  /** The final Response (undefined when the call failed or the stream ended early). */
  readonly response: ResponseObject | undefined;
  /** The stream's events (stream calls only). */
  readonly events: readonly ResponseStreamEvent[];
  /** Why it did not match the recording. */
  readonly divergence: ReplayDivergence;
  readonly at: number;
}

/** A `ResponsesClient` that serves a recording, plus what it served. */
export interface ReplayClient extends ResponsesClientShape {
  readonly recording: Recording;
  /** Every call answered, in order. */
  readonly served: readonly ServedCall[];
  /**
   * Lenient mode: the exchanges with the live client, in order. They are returned here rather
   * than written to the recording's store: the application's own Weft store records them as turns
   * like any others, and the recording stays what was recorded.
   */
  readonly recorded: readonly LiveExchange[];
  /** Every divergence met, including ones the application caught or lenient mode sent live. */
  readonly divergences: readonly ReplayDivergence[];
  /** Recorded calls not served yet: non-empty after a run means the application made fewer calls. */
  remaining(): readonly RecordedCall[];
}

/** Divergences leave through the port's error channel; the port names client errors only. */
const asClientError = (error: ReplayDivergence): ClientError => error as unknown as ClientError;

/**
 * Builds a replay client as an Effect. See {@link createReplayClient}.
 *
 * @since 0.1.0
 */
export function makeReplayClient(
  options: ReplayClientOptions,
): Effect.Effect<ReplayClient, StoreError | ReplayRecordingMissing> {
  const turns = 'turns' in options.store ? options.store.turns : options.store;
  return Effect.map(
    loadRecording(turns, options, { includeFailedAttempts: options.includeFailedAttempts }),
    (recording) => buildClient(recording, options),
  );
}

function buildClient(recording: Recording, options: ReplayClientOptions): ReplayClient {
  const mode = options.mode ?? 'strict';
  const live = options.live;
  const matcher = new ReplayMatcher(recording, mode, { ignore: options.ignore });
  const served: ServedCall[] = [];
  const exchanges: LiveExchange[] = [];
  const divergences: ReplayDivergence[] = [];
  const now = () => (options.clock ?? { now: () => Date.now() }).now();
  const sleep = options.sleep ?? ((ms: number) => Effect.sleep(ms));
  const paced = options.pace === 'recorded';
  const byResponseId = new Map<string, RecordedCall>();
  for (const call of recording.calls)
    if (call.turn.responseId !== null) byResponseId.set(call.turn.responseId, call);

  const note = (entry: ServedCall) => served.push(entry);
  const diverged = (d: ReplayDivergence) => {
    divergences.push(d);
    return d;
  };

  const eventsOf = (
    call: RecordedCall,
    startingAfter?: number,
  ): Stream.Stream<ResponseStreamEvent, ClientError> => {
    const error = recordedClientError(call.turn);
    const paced$ = recordedStreamEvents(call, { terminal: error === undefined }).filter(
      (p) => startingAfter === undefined || p.event.sequence_number > startingAfter,
    );
    const events: Stream.Stream<ResponseStreamEvent, ClientError> = paced
      ? Stream.mapEffect(Stream.fromIterable(paced$), (p) =>
          p.delayMs > 0 ? Effect.as(sleep(p.delayMs), p.event) : Effect.succeed(p.event),
        )
      : Stream.fromIterable(paced$.map((p) => p.event));
    return error === undefined ? events : Stream.concat(events, Stream.fail(error));
  };

  const client: ReplayClient = {
    provider: live === undefined ? 'replay' : `replay:${live.provider}`,
    ...(options.profile !== undefined
      ? { profile: options.profile }
      : live?.profile !== undefined
        ? { profile: live.profile }
        : {}),
    recording,
    served,
    recorded: exchanges,
    divergences,
    remaining: () => matcher.remaining(),

    create: (params, callOptions) =>
      Effect.suspend(() => {
        const decision = matcher.match(params, live !== undefined);
        if (decision.kind === 'diverged')
          return Effect.fail(asClientError(diverged(decision.divergence)));
        if (decision.kind === 'live' && live !== undefined) {
          diverged(decision.divergence);
          return live.create(params, callOptions).pipe(
            Effect.onExit((exit) =>
              Effect.sync(() => {
                const response = Exit.isSuccess(exit) ? exit.value : undefined;
                if (response !== undefined) matcher.noteLiveResponse(response.id);
                note({
                  position: decision.position,
                  method: 'create',
                  source: 'live',
                  turnId: undefined,
                  responseId: response?.id,
                });
                exchanges.push({
                  position: decision.position,
                  method: 'create',
                  request: params,
                  response,
                  events: [],
                  divergence: decision.divergence,
                  at: now(),
                });
              }),
            ),
          );
        }
        if (decision.kind !== 'recorded')
          return Effect.fail(asClientError(diverged(decision.divergence)));
        const { call } = decision;
        note({
          position: call.position,
          method: 'create',
          source: 'recorded',
          turnId: call.turn.id,
          responseId: call.turn.responseId ?? undefined,
        });
        const error = recordedClientError(call.turn);
        return error === undefined ? Effect.succeed(recordedResponse(call)) : Effect.fail(error);
      }),

    stream: (params, callOptions) =>
      Stream.unwrap(
        Effect.sync((): Stream.Stream<ResponseStreamEvent, ClientError> => {
          const decision = matcher.match(params, live !== undefined);
          if (decision.kind === 'diverged')
            return Stream.fail(asClientError(diverged(decision.divergence)));
          if (decision.kind === 'live' && live !== undefined) {
            diverged(decision.divergence);
            const seen: ResponseStreamEvent[] = [];
            let final: ResponseObject | undefined;
            const entry = {
              position: decision.position,
              method: 'stream' as const,
              request: params,
              divergence: decision.divergence,
            };
            return live.stream(params, callOptions).pipe(
              Stream.tap((event) =>
                Effect.sync(() => {
                  seen.push(event);
                  const response = (event as { response?: ResponseObject }).response;
                  if (response !== undefined) {
                    matcher.noteLiveResponse(response.id);
                    if (/^response\.(completed|incomplete|failed)$/.test(event.type))
                      final = response;
                  }
                }),
              ),
              Stream.onExit(() =>
                Effect.sync(() => {
                  note({
                    position: decision.position,
                    method: 'stream',
                    source: 'live',
                    turnId: undefined,
                    responseId: final?.id,
                  });
                  exchanges.push({ ...entry, response: final, events: seen, at: now() });
                }),
              ),
            );
          }
          if (decision.kind !== 'recorded')
            return Stream.fail(asClientError(diverged(decision.divergence)));
          const { call } = decision;
          note({
            position: call.position,
            method: 'stream',
            source: 'recorded',
            turnId: call.turn.id,
            responseId: call.turn.responseId ?? undefined,
          });
          return eventsOf(call);
        }),
      ),

    retrieve: (responseId, callOptions) =>
      Effect.suspend(() => {
        const call = byResponseId.get(responseId);
        if (call !== undefined) return Effect.succeed(recordedResponse(call));
        if (live !== undefined) return live.retrieve(responseId, callOptions);
        return Effect.fail(new ResponseNotFound({ responseId }));
      }),

    retrieveStream: (responseId, startingAfter, callOptions) =>
      Stream.suspend(() => {
        const call = byResponseId.get(responseId);
        if (call !== undefined) return eventsOf(call, startingAfter);
        if (live !== undefined) return live.retrieveStream(responseId, startingAfter, callOptions);
        return Stream.fail(new ResponseNotFound({ responseId }));
      }),

    cancel: (responseId, callOptions) =>
      Effect.suspend(() => {
        const call = byResponseId.get(responseId);
        if (call !== undefined) return Effect.succeed(recordedResponse(call));
        if (live !== undefined) return live.cancel(responseId, callOptions);
        return Effect.fail(new ResponseNotFound({ responseId }));
      }),

    delete: (responseId, callOptions) =>
      Effect.suspend(() => {
        if (byResponseId.has(responseId)) return Effect.void;
        if (live !== undefined) return live.delete(responseId, callOptions);
        return Effect.fail(new ResponseNotFound({ responseId }));
      }),

    inputItems: (responseId, callOptions) =>
      Effect.suspend(() => {
        const call = byResponseId.get(responseId);
        if (call !== undefined) {
          const items = [...chainToInputItems(call.ancestors), ...call.turn.request.input];
          return Effect.succeed(items as unknown as readonly ResponseItem[]);
        }
        if (live !== undefined) return live.inputItems(responseId, callOptions);
        return Effect.fail(new ResponseNotFound({ responseId }));
      }),

    createConversation: (input, callOptions) =>
      Effect.suspend((): Effect.Effect<ServerConversation, ClientError> => {
        const recordedId = recording.calls.find((c) => c.conversation.serverConversationId !== null)
          ?.conversation.serverConversationId;
        if (recordedId !== undefined && recordedId !== null) {
          matcher.noteConversation(recordedId);
          return Effect.succeed({
            id: recordedId,
            createdAt: recording.conversation.createdAt,
            metadata: input.metadata ?? {},
          });
        }
        if (live !== undefined) {
          return Effect.tap(live.createConversation(input, callOptions), (c) =>
            Effect.sync(() => matcher.noteConversation(c.id)),
          );
        }
        const id = `conv_replay_${recording.conversation.id}`;
        matcher.noteConversation(id);
        return Effect.succeed({
          id,
          createdAt: recording.conversation.createdAt,
          metadata: input.metadata ?? {},
        });
      }),

    deleteConversation: (conversationId, callOptions) =>
      live !== undefined &&
      conversationId.startsWith('conv_') &&
      !conversationId.startsWith('conv_replay_')
        ? Effect.catch(live.deleteConversation(conversationId, callOptions), () => Effect.void)
        : Effect.void,
  };
  return client;
}

/**
 * A `ResponsesClient` that serves a stored branch instead of the network: pass it to
 * `createWeft({ client })` and the application runs against what was recorded, deterministically.
 *
 * **Details**
 * - Requests are matched by position and by the SHA-256 of the normalised request (volatile
 *   fields dropped, ids tokenised: see `normalizeRequest`). The recorded requests are assembled
 *   from the stored turns with core's `assembleRequest`, exactly as they were sent.
 * - Recorded calls are served with their recorded response ids, so the application's next
 *   `previous_response_id` names the recorded response, as it did when recording.
 * - Blocking calls get the recorded Response; streams re-emit the turn's stored events (or events
 *   synthesised from the Response), at once or at the recorded pace. Recorded failures (a 429, a
 *   dropped stream) are raised again as their tagged errors.
 * - A request that differs fails with `ReplayDivergence` (structured diff in `changes`, readable
 *   text in `report`). In lenient mode it goes to `live` instead and lands in `recorded`.
 *
 * **Gotchas**: `ReplayDivergence` is not one of core's client errors, so it reaches the caller
 * through the error channel typed as `ClientError`; match it by `_tag` or `isReplayDivergence`.
 *
 * @throws ReplayRecordingMissing — the conversation has no turns
 * @throws NotFound, StorageError — the conversation or turn is not in the store
 * @since 0.1.0
 * @see docs/replay.md
 * @example
 * ```ts
 * const client = await createReplayClient({ store, conversationId: 'conv_1' });
 * const weft = createWeft({ client, defaults: { model: 'gpt-5' } });
 * const { text } = await (await weft.conversation()).send('What is the weather in Paris?').result;
 * ```
 */
export async function createReplayClient(
  options: ReplayClientOptions,
  callOptions: { readonly signal?: AbortSignal | undefined } = {},
): Promise<ReplayClient> {
  const exit = await Effect.runPromiseExit(makeReplayClient(options), {
    signal: callOptions.signal,
  });
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}

/** Re-exported for callers that type the options. */
export type { CallOptions };
