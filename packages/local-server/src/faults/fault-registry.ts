import type { FaultSpec } from '../model/types.js';
import { validateFaultSpec } from './validate-fault-spec.js';

/**
 * Faults set from code, applied to requests as they arrive.
 *
 * - `push(spec)` queues a fault for the next request (or the next `times` requests), then drops it.
 * - `set(spec)` replaces everything with a fault for every request (or the next `times` requests).
 * - `clear()` removes every fault.
 */
export interface FaultController {
  /** Queue a fault for the next request; with `times: N`, for the next N requests. */
  push(spec: FaultSpec): void;
  /** Replace all faults with one applied to every request until cleared (or `times` requests). */
  set(spec: FaultSpec): void;
  /** Remove every programmatic fault. */
  clear(): void;
  /** The faults currently registered, standing fault first. */
  list(): readonly FaultSpec[];
}

interface Entry {
  readonly spec: FaultSpec;
  remaining: number;
}

/** The server's fault registry: a {@link FaultController} plus the per-request draw. */
export class FaultRegistry implements FaultController {
  private standing: Entry | undefined;
  private readonly queue: Entry[] = [];

  constructor(initial?: readonly FaultSpec[] | FaultSpec | undefined) {
    if (initial === undefined) return;
    if (Array.isArray(initial)) for (const spec of initial as readonly FaultSpec[]) this.push(spec);
    else this.set(initial as FaultSpec);
  }

  push(spec: FaultSpec): void {
    const valid = validateFaultSpec(spec);
    this.queue.push({ spec: valid, remaining: valid.times ?? 1 });
  }

  set(spec: FaultSpec): void {
    const valid = validateFaultSpec(spec);
    this.queue.length = 0;
    this.standing = { spec: valid, remaining: valid.times ?? Number.POSITIVE_INFINITY };
  }

  clear(): void {
    this.queue.length = 0;
    this.standing = undefined;
  }

  list(): readonly FaultSpec[] {
    return [...(this.standing ? [this.standing.spec] : []), ...this.queue.map((e) => e.spec)];
  }

  /** Take the faults that apply to one request, counting it against `times`. */
  draw(): FaultSpec | undefined {
    if (this.standing === undefined && this.queue.length === 0) return undefined;
    let merged: FaultSpec | undefined;
    if (this.standing) {
      merged = this.standing.spec;
      if (--this.standing.remaining <= 0) this.standing = undefined;
    }
    const head = this.queue[0];
    if (head) {
      merged = merged ? { ...merged, ...head.spec } : head.spec;
      if (--head.remaining <= 0) this.queue.shift();
    }
    return merged;
  }
}
