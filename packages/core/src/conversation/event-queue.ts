/**
 * A single-consumer async queue: producers push, one `for await` pulls. Ends with `close()` or
 * fails with `fail(error)` after the buffered items are drained. Once a reader is attached, a
 * buffer past `highWaterMark` makes {@link EventQueue.spaceAvailable} return a promise the producer
 * can wait on; with no reader attached nothing waits (a caller that only awaits the result must
 * not stall the turn).
 *
 * The buffer is an array read from a moving head (compacted now and then), so a reader that falls
 * behind drains it in constant time per item; a reader that keeps up is handed each item directly.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private buffer: T[] = [];
  /** Index of the next item to read in `buffer`. */
  private head = 0;
  private attached = false;
  private spaceWaiters: (() => void)[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private rejectWaiting: ((error: unknown) => void) | undefined;
  private done = false;
  private error: { value: unknown } | undefined;

  constructor(private readonly highWaterMark = 256) {}

  /** How many items wait for the reader. */
  get size(): number {
    return this.buffer.length - this.head;
  }

  /** `undefined` when the producer may go on; otherwise resolves once the reader caught up. */
  spaceAvailable(): Promise<void> | undefined {
    if (!this.attached || this.done || this.size < this.highWaterMark) return undefined;
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

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
        if (this.head < this.buffer.length)
          return Promise.resolve({ value: this.take(), done: false });
        if (this.error !== undefined) return Promise.reject(this.error.value);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.rejectWaiting = reject;
        });
      },
      return: () => {
        this.done = true;
        this.buffer = [];
        this.head = 0;
        this.releaseSpace();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  /** Removes and returns the oldest buffered item; the caller checked that one exists. */
  private take(): T {
    const item = this.buffer[this.head] as T;
    this.head++;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.buffer.length) {
      // Drop what was read once it is most of the array, so memory follows what still waits.
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    this.releaseSpace();
    return item;
  }

  private releaseSpace(): void {
    if (this.spaceWaiters.length === 0) return;
    if (!this.done && this.size >= this.highWaterMark / 2) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
