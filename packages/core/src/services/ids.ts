import { randomUUID } from 'node:crypto';
import { Context, Layer } from 'effect';

/** What an id is for; used as its prefix. */
export type IdKind = 'conv' | 'turn' | 'job' | 'call' | 'run';

/** Id generation, injected so tests and replay are deterministic. */
export interface IdGeneratorShape {
  next(kind: IdKind): string;
}

/** The `IdGenerator` service. */
export class IdGenerator extends Context.Service<IdGenerator, IdGeneratorShape>()(
  '@weft/core/IdGenerator',
) {}

/** Random ids: `turn_` + a UUID without dashes. */
export const randomIds: IdGeneratorShape = {
  next: (kind) => `${kind}_${randomUUID().replaceAll('-', '')}`,
};

/** Sequential ids (`turn_0001`, `turn_0002`, …) per kind: for tests. */
export function sequentialIds(): IdGeneratorShape {
  const counters = new Map<IdKind, number>();
  return {
    next: (kind) => {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${kind}_${String(n).padStart(4, '0')}`;
    },
  };
}

/** A layer providing random ids. */
export const randomIdsLayer: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, randomIds);
