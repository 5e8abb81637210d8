import type { Clock } from '../internal/clock.js';
import type { StoredItem } from '../request/stored-item.js';
import { type StoredResponse, isActive } from './stored-response.js';

/** Limits on what the store keeps. */
export interface ResponseStoreLimits {
  /** Most responses kept; the oldest go first. */
  readonly maxStored: number;
  /** Responses older than this are forgotten, as if deleted. */
  readonly maxAgeMs: number;
}

/** Responses in memory, oldest first, bounded by count and age. */
export class ResponseStore {
  private readonly records = new Map<string, StoredResponse>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ResponseStoreLimits,
  ) {}

  /** Keep a response, evicting expired and excess ones. */
  put(record: StoredResponse): void {
    this.records.set(record.id, record);
    this.sweep();
  }

  /** A live (not expired) response, or undefined. */
  get(id: string): StoredResponse | undefined {
    const record = this.records.get(id);
    if (record === undefined) return undefined;
    if (this.expired(record)) {
      this.remove(record);
      return undefined;
    }
    return record;
  }

  /** Forget a response; false when it was not there. */
  delete(id: string): boolean {
    const record = this.get(id);
    if (record === undefined) return false;
    this.remove(record);
    return true;
  }

  /** Find an input or output item of a stored response by id (for `item_reference`). */
  findItem(id: string): StoredItem | undefined {
    for (const record of this.records.values()) {
      if (!record.stored || this.expired(record) || !record.mayContain(id)) continue;
      const input = record.inputItems.find((item) => item.id === id);
      if (input) return input;
      const output = record.response.output.find((item) => item.id === id);
      if (output) return output as unknown as StoredItem;
    }
    return undefined;
  }

  /** Cancel every running background response (server shutdown). */
  cancelActive(): void {
    for (const record of this.records.values()) if (isActive(record)) record.job?.cancel();
  }

  /** How many responses are kept. */
  get size(): number {
    return this.records.size;
  }

  private expired(record: StoredResponse): boolean {
    return this.clock.now() - record.storedAtMs > this.limits.maxAgeMs;
  }

  private remove(record: StoredResponse): void {
    if (isActive(record)) record.job?.cancel();
    this.records.delete(record.id);
  }

  private sweep(): void {
    for (const record of this.records.values()) {
      if (this.records.size <= this.limits.maxStored && !this.expired(record)) break;
      this.remove(record);
    }
  }
}
