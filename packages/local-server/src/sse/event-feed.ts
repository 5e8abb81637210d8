/**
 * A live feed of frames: what has been published so far, then each new frame as it arrives, until
 * the publisher ends it or the reader closes it.
 */
export class FrameFeed implements AsyncIterable<string> {
  private readonly buffered: string[] = [];
  private waiting: ((result: IteratorResult<string>) => void) | undefined;
  private ended = false;
  private onClose: (() => void) | undefined;

  /** Called once when the reader closes the feed (client gone). */
  setOnClose(fn: () => void): void {
    this.onClose = fn;
  }

  /** Add a frame. */
  push(frame: string): void {
    if (this.ended) return;
    const waiter = this.waiting;
    if (waiter) {
      this.waiting = undefined;
      waiter({ value: frame, done: false });
    } else this.buffered.push(frame);
  }

  /** No more frames will come; readers finish after the buffered ones. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiter = this.waiting;
    this.waiting = undefined;
    waiter?.({ value: undefined, done: true });
  }

  /** The reader stops listening. */
  close(): void {
    this.buffered.length = 0;
    this.end();
    const fn = this.onClose;
    this.onClose = undefined;
    fn?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const frame = this.buffered.shift();
        if (frame !== undefined) return Promise.resolve({ value: frame, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
