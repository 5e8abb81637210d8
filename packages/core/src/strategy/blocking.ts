/**
 * The blocking execution strategy: one `POST /v1/responses`, the whole Response at once.
 *
 * @module
 */
import type { TurnEvent } from '../domain/events.js';
import { Effect } from 'effect';
import { Timeout } from '../errors.js';
import type { ExecutionStrategy } from '../ports/execution-strategy.js';
import type { HandOffContext } from './event-hand-off.js';
import { terminalEvent } from './terminal-event.js';

/**
 * Runs a turn with one blocking create call. When the Response arrives it builds the turn's
 * events — `created`, one `item.done` per output item in order, and the terminal event
 * (`completed`, `incomplete`, `failed`, or `cancelled`) — and resolves with the Response. A
 * `failed` Response is a result, not an error. Times come from `context.now()`.
 * `context.timeoutMs` bounds the call; the HTTP request is aborted when it expires or when the
 * Effect is interrupted.
 *
 * Run by the conversation engine (a {@link HandOffContext} with `handOff`), it hands the events
 * over: the engine stores them with the turn's end in one write, then emits them. Run on its own,
 * it writes the response id (`recordResponseId`) and then the events (`appendEvents`) before
 * emitting anything.
 *
 * @throws Timeout when the call exceeds `context.timeoutMs`
 * @throws RateLimited, ServerError, Unauthorized, Forbidden, InvalidRequest, PreviousResponseNotFound, Cancelled — from the client
 * @throws StorageError, NotFound — when run on its own and the response id or events cannot be written (no event is emitted then)
 * @since 0.1.0
 * @example
 * ```ts
 * const response = yield* blockingStrategy().run({ model: 'scripted', input: 'hi' }, context);
 * ```
 */
export function blockingStrategy(): ExecutionStrategy {
  return {
    name: 'blocking',
    run: (params, context: HandOffContext) =>
      Effect.gen(function* () {
        const { turnId, timeoutMs } = context;
        const call = context.client.create(
          params,
          timeoutMs === undefined ? undefined : { timeoutMs },
        );
        const response = yield* timeoutMs === undefined
          ? call
          : Effect.timeoutOrElse(call, {
              duration: timeoutMs,
              orElse: () => Effect.fail(new Timeout({ timeoutMs, operation: 'responses.create' })),
            });
        const events: TurnEvent[] = [
          {
            type: 'created',
            turnId,
            responseId: response.id,
            status: response.status ?? 'completed',
          },
          ...response.output.map((item, outputIndex): TurnEvent => ({
            type: 'item.done',
            turnId,
            outputIndex,
            item,
          })),
        ];
        const terminal = terminalEvent(turnId, response);
        if (terminal !== undefined) events.push(terminal);
        if (context.handOff !== undefined) {
          context.handOff(events);
          return response;
        }
        // Write-ahead: the id is stored before anything else happens to the turn.
        yield* context.store.recordResponseId(turnId, response.id, context.now());
        // One write keeps the turn's event log complete (re-attach, exact replay) at the cost of one batch.
        const at = context.now();
        yield* context.store.appendEvents(
          turnId,
          events.map((event) => ({ event, at })),
        );
        for (const event of events) context.emit(event);
        return response;
      }),
  };
}
