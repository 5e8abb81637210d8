/**
 * A binary min-heap of entries ordered by `dueAt`: the worker's one schedule for every job it
 * holds, so thousands of jobs cost one timer instead of one sleeping fiber each.
 *
 * @module
 */

/** Something scheduled. */
export interface Due {
  dueAt: number;
}

/** A min-heap by `dueAt`; O(log n) push and pop, O(1) peek. */
export class DueHeap<T extends Due> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (p.dueAt <= item.dueAt) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const l = items[left] as T;
      const r = items[right];
      const child = r !== undefined && r.dueAt < l.dueAt ? right : left;
      const c = items[child] as T;
      if (c.dueAt >= last.dueAt) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Removes every entry. */
  clear(): T[] {
    return this.items.splice(0, this.items.length);
  }
}
