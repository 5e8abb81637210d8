/**
 * The SDK's event iterable with Weft's stream bookkeeping: it ends right after the terminal event,
 * remembers the last sequence number and the response id, translates errors once, and fails with
 * `StreamInterrupted` when the body ends before the terminal event. Plain promises, no Effect per
 * event: this is the streaming hot path.
 *
 * @module
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ResponseObject } from '../domain/items.js';
import type { ClientError } from '../errors.js';
import type { ResponseEventIterable } from '../ports/responses-client.js';
import { mapStreamError, streamEndedEarly, type ErrorContext } from './map-error.js';

const terminalTypes: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.cancelled',
]);

const finished: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Wraps the SDK's iterable. `abort` stops the HTTP request; it is called on `close()`, on an early
 * `return()` (a `break` out of `for await`), and once the terminal event was handed out.
 *
 * **Details**: single pass, one reader; the iterator throws Weft's tagged `ClientError`s only.
 */
export function trackEvents(
  source: AsyncIterable<ResponseStreamEvent>,
  context: ErrorContext,
  initialSequence: number | undefined,
  abort: () => void,
): ResponseEventIterable {
  return new TrackedEvents(source, context, initialSequence, abort);
}

class TrackedEvents implements ResponseEventIterable, AsyncIterator<ResponseStreamEvent> {
  response: ResponseObject | undefined;
  private lastSequenceNumber: number | undefined;
  private responseId: string | undefined;
  /** The terminal event went out, the reader closed, or an error was thrown: nothing more to read. */
  private over = false;
  private iterator: AsyncIterator<ResponseStreamEvent> | undefined;
  // Bound once, so each read costs the SDK's promise and one `then`, no closures.
  private readonly onResult = (
    result: IteratorResult<ResponseStreamEvent>,
  ): IteratorResult<ResponseStreamEvent> => this.accept(result);
  private readonly onError = (error: unknown): never => {
    throw this.fail(mapStreamError(error, this.context, this.position()));
  };

  constructor(
    private readonly source: AsyncIterable<ResponseStreamEvent>,
    private readonly context: ErrorContext,
    initialSequence: number | undefined,
    private readonly abort: () => void,
  ) {
    this.lastSequenceNumber = initialSequence;
    this.responseId = context.responseId;
  }

  [Symbol.asyncIterator](): AsyncIterator<ResponseStreamEvent> {
    return this;
  }

  next(): Promise<IteratorResult<ResponseStreamEvent>> {
    if (this.over) return Promise.resolve(finished);
    this.iterator ??= this.source[Symbol.asyncIterator]();
    return this.iterator.next().then(this.onResult, this.onError);
  }

  return(): Promise<IteratorResult<ResponseStreamEvent>> {
    this.close();
    return Promise.resolve(finished);
  }

  close(): void {
    if (this.over && this.iterator === undefined) return;
    this.over = true;
    this.release();
  }

  private accept(result: IteratorResult<ResponseStreamEvent>): IteratorResult<ResponseStreamEvent> {
    if (this.over) return finished;
    if (result.done === true) throw this.fail(streamEndedEarly(this.position()));
    const event = result.value;
    const loose = event as { sequence_number?: unknown; response?: { id?: unknown } };
    if (typeof loose.sequence_number === 'number') this.lastSequenceNumber = loose.sequence_number;
    const snapshot = loose.response;
    if (snapshot !== undefined && typeof snapshot.id === 'string') this.responseId = snapshot.id;
    if (terminalTypes.has(event.type)) {
      if (snapshot !== undefined && typeof snapshot.id === 'string')
        this.response = snapshot as ResponseObject;
      // Nothing after the terminal event matters: stop the request now, not at the next read.
      this.over = true;
      this.release();
    }
    return result;
  }

  private fail(error: ClientError): ClientError {
    this.over = true;
    this.release();
    return error;
  }

  private release(): void {
    this.abort();
    const iterator = this.iterator;
    this.iterator = undefined;
    // The SDK's `return` ends its reader; an aborted body may reject it, which says nothing new.
    if (iterator?.return !== undefined) iterator.return().catch(() => undefined);
  }

  private position(): { lastSequenceNumber: number | undefined; responseId: string | undefined } {
    return { lastSequenceNumber: this.lastSequenceNumber, responseId: this.responseId };
  }
}
