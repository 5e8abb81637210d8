/**
 * Run progress: the events a run emits, and a broadcast that replays what happened so far to each
 * new listener before following the run live.
 *
 * @module
 */
import type { RunEmitted } from '../compile/machine-types.js';

/**
 * A progress event of a run: a step started, finished, failed or waits for a person; the run
 * started, resumed, finished or failed. `at` comes from the runner's clock.
 */
export type WorkflowEvent = (
  | RunEmitted
  | { readonly type: 'run.started'; readonly workflowId: string; readonly version: number }
  | {
      readonly type: 'run.resumed';
      readonly workflowId: string;
      readonly version: number;
      readonly steps: readonly string[];
    }
) & { readonly runId: string; readonly at: number };

/** A broadcast of events: every listener sees the whole history, then live events, until `end`. */
export class EventBroadcast<T> {
  private readonly history: T[] = [];
  private readonly listeners = new Set<{ push(e: T): void; end(): void }>();
  private ended = false;

  push(event: T): void {
    if (this.ended) return;
    this.history.push(event);
    for (const l of this.listeners) l.push(event);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  /** A new iterable over the history and the live events. */
  iterate(): AsyncIterable<T> {
    const buffer = [...this.history];
    let done = this.ended;
    let wake: (() => void) | undefined;
    const listener = {
      push: (e: T) => {
        buffer.push(e);
        wake?.();
      },
      end: () => {
        done = true;
        wake?.();
      },
    };
    if (!done) this.listeners.add(listener);
    const listeners = this.listeners;
    return {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<T>> => {
          while (buffer.length === 0 && !done) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          }
          const value = buffer.shift();
          return value === undefined ? { value: undefined, done: true } : { value, done: false };
        },
        return: (): Promise<IteratorResult<T>> => {
          done = true;
          listeners.delete(listener);
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
  }
}
