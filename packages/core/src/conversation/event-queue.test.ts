import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

async function drain<T>(queue: EventQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('EventQueue', () => {
  it('hands items to a waiting reader and buffers the rest, in order', async () => {
    const queue = new EventQueue<number>();
    const iterator = queue[Symbol.asyncIterator]();
    const first = iterator.next();
    queue.push(1);
    expect(await first).toEqual({ value: 1, done: false });
    for (let i = 2; i <= 5000; i++) queue.push(i);
    expect(queue.size).toBe(4999);
    queue.close();
    const rest: number[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
      rest.push(next.value);
    expect(rest).toEqual(Array.from({ length: 4999 }, (_, i) => i + 2));
    expect(queue.size).toBe(0);
  });

  it('keeps falsy items', async () => {
    const queue = new EventQueue<number | string | null>();
    for (const item of [0, '', null, 3]) queue.push(item);
    queue.close();
    expect(await drain(queue)).toEqual([0, '', null, 3]);
  });

  it('keeps order when reads and writes interleave across compactions', async () => {
    const queue = new EventQueue<number>(1_000_000);
    const iterator = queue[Symbol.asyncIterator]();
    const seen: number[] = [];
    let next = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 700; i++) queue.push(next++);
      for (let i = 0; i < 500; i++) seen.push((await iterator.next()).value as number);
    }
    queue.close();
    for (let r = await iterator.next(); r.done !== true; r = await iterator.next())
      seen.push(r.value);
    expect(seen).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('asks the producer to wait past the high-water mark once a reader is attached', async () => {
    const queue = new EventQueue<number>(4);
    for (let i = 0; i < 10; i++) queue.push(i);
    // No reader yet: a caller that only awaits the result must not stall the producer.
    expect(queue.spaceAvailable()).toBeUndefined();
    const iterator = queue[Symbol.asyncIterator]();
    const wait = queue.spaceAvailable();
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait?.then(() => (released = true));
    // Two left, still half the mark: the producer keeps waiting until fewer remain.
    for (let i = 0; i < 8; i++) await iterator.next();
    await Promise.resolve();
    expect(released).toBe(false);
    await iterator.next();
    await wait;
    expect(released).toBe(true);
    expect(queue.spaceAvailable()).toBeUndefined();
  });

  it('delivers buffered items before a failure, then rejects', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.push(2);
    queue.fail(new Error('boom'));
    queue.push(3);
    const iterator = queue[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(1);
    expect((await iterator.next()).value).toBe(2);
    await expect(iterator.next()).rejects.toThrow('boom');
  });

  it('rejects a waiting reader on failure and releases a waiting producer on return', async () => {
    const queue = new EventQueue<number>(2);
    const iterator = queue[Symbol.asyncIterator]();
    const pending = iterator.next();
    queue.fail(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');

    const other = new EventQueue<number>(2);
    const reader = other[Symbol.asyncIterator]();
    other.push(1);
    other.push(2);
    const wait = other.spaceAvailable();
    expect(wait).toBeInstanceOf(Promise);
    await reader.return?.();
    await wait;
    other.push(3);
    expect(await reader.next()).toEqual({ value: undefined, done: true });
  });
});
