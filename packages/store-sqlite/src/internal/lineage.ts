/**
 * Where a turn sits in the tree, so a chain is read as a few index range scans instead of one
 * pointer hop per turn. A segment (`lineage`, the id of its first turn) is a run of turns each the
 * child of the one before: a turn joins its parent's segment when it is the first to take the
 * next depth there; any other child (a fork from the middle, a retry sibling) starts a segment of
 * its own. The unique `(lineage, depth)` index holds that shape; nothing is ever copied.
 *
 * @module
 */
import type { Connection } from './connection.js';

/** The depth and segment a new turn gets under its parent. */
export interface TurnPlacement {
  readonly depth: number;
  readonly lineage: string;
}

/** One segment's part of a chain: turns `fromDepth..toDepth` of `lineage`, root-most first. */
export interface ChainSegment {
  readonly lineage: string;
  readonly fromDepth: number;
  readonly toDepth: number;
}

interface Position {
  readonly lineage: string;
  readonly depth: number;
}

interface SegmentStart {
  readonly depth: number;
  readonly parent_id: string | null;
}

/** Placement of new turns and the segments of a chain, over prepared statements. */
export interface Lineage {
  /** The placement of turn `id` under `parentId`; `undefined` when the parent does not exist. */
  readonly place: (id: string, parentId: string | null) => TurnPlacement | undefined;
  /** The segments of the chain ending at `headId`, head-most first; `[]` when it does not exist. */
  readonly segmentsOf: (headId: string) => readonly ChainSegment[];
}

/** Prepares the statements of {@link Lineage} once per connection. */
export function makeLineage(connection: Connection): Lineage {
  const { client } = connection;
  const selectPosition = client.prepare<[string], Position>(
    'SELECT lineage, depth FROM turns WHERE id = ?',
  );
  const slotTaken = client
    .prepare<[string, number], number>('SELECT 1 FROM turns WHERE lineage = ? AND depth = ?')
    .pluck();
  const selectStart = client.prepare<[string], SegmentStart>(
    'SELECT depth, parent_id FROM turns WHERE id = ?',
  );

  const place = (id: string, parentId: string | null): TurnPlacement | undefined => {
    if (parentId === null) return { depth: 0, lineage: id };
    const parent = selectPosition.get(parentId);
    if (parent === undefined) return undefined;
    const depth = parent.depth + 1;
    const joins = slotTaken.get(parent.lineage, depth) === undefined;
    return { depth, lineage: joins ? parent.lineage : id };
  };

  const segmentsOf = (headId: string): readonly ChainSegment[] => {
    const segments: ChainSegment[] = [];
    let position = selectPosition.get(headId);
    while (position !== undefined) {
      const start = selectStart.get(position.lineage);
      if (start === undefined) {
        throw new Error(`turn segment ${position.lineage} has no first turn; the file is damaged`);
      }
      segments.push({
        lineage: position.lineage,
        fromDepth: start.depth,
        toDepth: position.depth,
      });
      position = start.parent_id === null ? undefined : selectPosition.get(start.parent_id);
    }
    return segments;
  };

  return { place, segmentsOf };
}
