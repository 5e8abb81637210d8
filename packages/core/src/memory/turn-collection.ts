/**
 * Which turns a conversation's deletion removes: its own turns that nothing else still needs.
 *
 * @module
 */

/** How the collector walks the turn tree. */
export interface TurnTreeView {
  /** The parent of a turn; `null` for a root, `undefined` when the turn is unknown. */
  readonly parentOf: (turnId: string) => string | null | undefined;
  /** Direct children of a turn. */
  readonly childrenOf: (turnId: string) => Iterable<string>;
}

/**
 * The subset of `candidates` to delete. A candidate is kept when it lies on the chain of a
 * remaining head, or is an ancestor of a turn that is not a candidate (so no kept turn is left
 * with a missing parent).
 */
export function collectUnreachable(
  candidates: ReadonlySet<string>,
  remainingHeads: Iterable<string>,
  tree: TurnTreeView,
): Set<string> {
  const kept = new Set<string>();
  const keepChain = (from: string): void => {
    let current: string | null | undefined = from;
    while (current != null && !kept.has(current)) {
      kept.add(current);
      current = tree.parentOf(current);
    }
  };
  for (const head of remainingHeads) keepChain(head);
  for (const candidate of candidates) {
    for (const child of tree.childrenOf(candidate)) {
      if (!candidates.has(child)) keepChain(child);
    }
  }
  const removed = new Set<string>();
  for (const candidate of candidates) {
    if (!kept.has(candidate)) removed.add(candidate);
  }
  return removed;
}
