/**
 * The Effect face of Weft core: the same operations as the Promise API, returning `Effect` and
 * `Stream`, with typed errors in the error channel and interruption that cancels the turn and
 * aborts its HTTP request.
 *
 * @example
 * ```ts
 * import { Effect } from 'effect';
 * import * as W from '@weft/core/effect';
 *
 * const program = Effect.gen(function* () {
 *   const weft = yield* W.Weft;
 *   const convo = yield* W.conversation(weft, { model: 'scripted' });
 *   const result = yield* W.send(convo, 'Hello');
 *   return result.text;
 * });
 * await Effect.runPromise(program.pipe(Effect.provide(W.layer({ client: { baseURL, apiKey: 'local' } }))));
 * ```
 * @module
 */
import { Context, Effect, Layer, type Scope, Stream } from 'effect';
import type { Conversation } from './conversation/conversation.js';
import type { ConversationSettings, SendOptions } from './conversation/settings.js';
import type { SendEvent, SendResult } from './conversation/turn-handle.js';
import type {
  Conversation as ConversationRecord,
  ConversationQuery,
  Page,
} from './domain/conversation.js';
import type { InputItem } from './domain/items.js';
import type { Turn } from './domain/turn.js';
import type { CoreError } from './errors.js';
import { createWeft, type NewConversationOptions, type Weft as WeftClient, type WeftOptions } from './weft.js';

/** The `Weft` service: one client, store and set of defaults for a program. */
export class Weft extends Context.Service<Weft, WeftClient>()('@weft/core/Weft') {}

/** A layer that builds a Weft from options and closes it (stopping live conversations) when released. */
export function layer(options: WeftOptions): Layer.Layer<Weft> {
  return Layer.effect(Weft, make(options));
}

/** Builds a Weft in a scope; closing the scope closes it. */
export function make(options: WeftOptions): Effect.Effect<WeftClient, never, Scope.Scope> {
  return Effect.acquireRelease(
    Effect.sync(() => createWeft(options)),
    (weft) => Effect.promise(() => weft.close()),
  );
}

const fromPromise = <A>(run: () => Promise<A>): Effect.Effect<A, CoreError> =>
  Effect.tryPromise({ try: run, catch: (error) => error as CoreError });

/** Starts a new conversation. */
export const conversation = (
  weft: WeftClient,
  options: NewConversationOptions = {},
): Effect.Effect<Conversation, CoreError> => fromPromise(() => weft.conversation(options));

/** Opens a stored conversation, rebuilding its machine from the store. */
export const open = (
  weft: WeftClient,
  id: string,
  settings: Partial<ConversationSettings> = {},
): Effect.Effect<Conversation, CoreError> => fromPromise(() => weft.open(id, settings));

/** Forks from a turn, or from another conversation's head. */
export const fork = (
  weft: WeftClient,
  from: { readonly turnId: string } | { readonly conversationId: string },
  options: NewConversationOptions = {},
): Effect.Effect<Conversation, CoreError> => fromPromise(() => weft.fork(from, options));

/** Lists stored conversations, newest first. */
export const list = (
  weft: WeftClient,
  query: ConversationQuery = {},
): Effect.Effect<Page<ConversationRecord>, CoreError> => fromPromise(() => weft.list(query));

/**
 * Sends input and waits for the answer (after tool rounds and approvals). Interrupting the Effect
 * cancels the turn and aborts its HTTP request.
 */
export const send = <T = unknown>(
  convo: Conversation,
  input: string | InputItem | readonly InputItem[],
  options: Omit<SendOptions<T>, 'signal'> = {},
): Effect.Effect<SendResult<T>, CoreError> =>
  Effect.callback<SendResult<T>, CoreError>((resume, signal) => {
    const handle = convo.send<T>(input, { ...options, signal });
    handle.result.then(
      (result) => resume(Effect.succeed(result)),
      (error: unknown) => resume(Effect.fail(error as CoreError)),
    );
  });

/** Sends input and streams its progress events; ending the stream early cancels the turn. */
export const sendStream = <T = unknown>(
  convo: Conversation,
  input: string | InputItem | readonly InputItem[],
  options: Omit<SendOptions<T>, 'signal'> = {},
): Stream.Stream<SendEvent, CoreError> =>
  Stream.suspend(() => {
    const controller = new AbortController();
    const handle = convo.send<T>(input, { ...options, signal: controller.signal });
    return Stream.fromAsyncIterable(handle.events(), (error) => error as CoreError).pipe(
      Stream.ensuring(
        Effect.sync(() => {
          if (['preparing', 'running', 'retrying', 'toolCalls'].includes(convo.state)) controller.abort();
        }),
      ),
    );
  });

/** Re-runs the input of a failed send. */
export const retry = <T = unknown>(convo: Conversation): Effect.Effect<SendResult<T>, CoreError> =>
  fromPromise(() => convo.retry<T>().result);

/** Approves a pending function call. */
export const approve = (convo: Conversation, callId: string): Effect.Effect<void, CoreError> =>
  Effect.try({ try: () => convo.approve(callId), catch: (error) => error as CoreError });

/** Rejects a pending function call, telling the model why. */
export const reject = (
  convo: Conversation,
  callId: string,
  reason?: string,
): Effect.Effect<void, CoreError> =>
  Effect.try({ try: () => convo.reject(callId, reason), catch: (error) => error as CoreError });

/** Cancels whatever the conversation has in flight. */
export const cancel = (convo: Conversation, reason?: string): Effect.Effect<void> =>
  Effect.sync(() => convo.cancel(reason));

/** The turns from the root to the head. */
export const history = (convo: Conversation): Effect.Effect<readonly Turn[], CoreError> =>
  fromPromise(() => convo.history());

export * from './errors.js';
export { TurnStore, type TurnStoreShape } from './ports/turn-store.js';
export { JobStore, type JobStoreShape } from './ports/job-store.js';
export { SnapshotStore, type SnapshotStoreShape } from './ports/snapshot-store.js';
export { ResponsesClient, type ResponsesClientShape } from './ports/responses-client.js';
export { WeftClock } from './services/clock.js';
export { IdGenerator } from './services/ids.js';
