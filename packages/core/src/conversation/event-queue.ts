/**
 * A single-consumer async queue: producers push, one `for await` pulls. Ends with `close()` or
 * fails with `fail(error)` after the buffered items are drained. Once a reader is attached, a
 * buffer past `highWaterMark` makes {@link EventQueue.spaceAvailable} return a promise the producer
 * can wait on; with no reader attached nothing waits (a caller that only awaits the result must
 * not stall the turn).
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private attached = false;
  private spaceWaiters: (() => void)[] = [];

  constructor(private readonly highWaterMark = 256) {}

  /** `undefined` when the producer may go on; otherwise resolves once the reader caught up. */
  spaceAvailable(): Promise<void> | undefined {
    if (!this.attached || this.done || this.buffer.length < this.highWaterMark) return undefined;
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  private releaseSpace(): void {
    if (this.spaceWaiters.length === 0) return;
    if (!this.done && this.buffer.length >= this.highWaterMark / 2) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const resolve of waiters) resolve();
  }
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private rejectWaiting: ((error: unknown) => void) | undefined;
  private done = false;
  private error: { value: unknown } | undefined;

  push(item: T): void {
    if (this.done) return;
    if (this.waiting !== undefined) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.rejectWaiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.buffer.push(item);
    }
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.releaseSpace();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = { value: error };
    this.releaseSpace();
    if (this.rejectWaiting !== undefined) {
      this.rejectWaiting(error);
      this.waiting = undefined;
      this.rejectWaiting = undefined;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    this.attached = true;
    return {
      next: () => {
        const item = this.buffer.shift();
        if (item !== undefined) {
          this.releaseSpace();
          return Promise.resolve({ value: item, done: false });
        }
        if (this.error !== undefined) return Promise.reject(this.error.value);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.rejectWaiting = reject;
        });
      },
      return: () => {
        this.done = true;
        this.buffer.length = 0;
        this.releaseSpace();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
