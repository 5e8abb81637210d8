import type { FaultSpec } from '../model/types.js';
import { FAULT_HEADER, parseFaultHeader } from './parse-fault-header.js';
import type { FaultRegistry } from './fault-registry.js';

const MAX_COUNTERS = 10_000;

/** The faults of one request, from its three sources. */
export interface RequestFaults {
  readonly programmatic: FaultSpec | undefined;
  readonly header: FaultSpec | undefined;
}

/** Merge fault specs; later ones win field by field. */
export function mergeFaults(...specs: readonly (FaultSpec | undefined)[]): FaultSpec | undefined {
  let out: FaultSpec | undefined;
  for (const spec of specs) if (spec !== undefined) out = out === undefined ? spec : { ...out, ...spec };
  return out;
}

/**
 * Decides which faults apply to a request: programmatic ones (registry), the `x-weft-fault`
 * header and the matching script rule, honouring `times` for each.
 */
export class FaultResolver {
  private readonly headerCounts = new Map<string, number>();
  private readonly ruleCounts = new Map<string, number>();

  constructor(private readonly registry: FaultRegistry) {}

  /** Draw the programmatic faults and parse the header. Throws `InvalidFaultSpec` for a bad header. */
  forRequest(header: (name: string) => string | undefined): RequestFaults {
    const programmatic = this.registry.draw();
    const raw = header(FAULT_HEADER);
    if (raw === undefined || raw.trim() === '') return { programmatic, header: undefined };
    const spec = parseFaultHeader(raw);
    if (spec.times === undefined) return { programmatic, header: spec };
    // Retries of one SDK call carry X-Stainless-Retry-Count: 0, 1, 2…; other clients are counted by header value.
    const retry = header('x-stainless-retry-count');
    let attempt: number;
    if (retry !== undefined && /^\d+$/.test(retry)) attempt = Number(retry);
    else {
      attempt = this.headerCounts.get(raw) ?? 0;
      this.bump(this.headerCounts, raw, attempt + 1);
    }
    return { programmatic, header: attempt < spec.times ? spec : undefined };
  }

  /** Whether a rule's fault still applies (its `times` not used up); counts this use. */
  ruleApplies(spec: FaultSpec): boolean {
    if (spec.times === undefined) return true;
    const key = JSON.stringify(spec);
    const used = this.ruleCounts.get(key) ?? 0;
    this.bump(this.ruleCounts, key, used + 1);
    return used < spec.times;
  }

  private bump(map: Map<string, number>, key: string, value: number): void {
    if (map.size >= MAX_COUNTERS && !map.has(key)) map.clear();
    map.set(key, value);
  }
}
