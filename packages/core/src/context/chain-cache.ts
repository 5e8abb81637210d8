/**
 * The local-context chain a conversation last sent, kept so the next turn does not read its whole
 * history back from the store: turns never change once they have children, so the chain ending at
 * a turn's parent is the previous chain plus the previous turn.
 *
 * @module
 */
import type { Turn } from '../domain/turn.js';

/** The chain (root first) that ends at the conversation's latest finished turn. */
export class ChainCache {
  private chain: readonly Turn[] = [];

  /** The chain root → `parentId` when it is the one cached; `undefined` otherwise. */
  chainTo(parentId: string): readonly Turn[] | undefined {
    return this.chain.at(-1)?.id === parentId ? this.chain : undefined;
  }

  /** Remembers the chain `ancestors` + `turn` (a finished turn the head now points at). */
  extend(ancestors: readonly Turn[], turn: Turn): void {
    this.chain = Object.freeze([...ancestors, turn]);
  }

  /** Forgets the cached chain (after an edit, a fork, or anything that moved the head elsewhere). */
  clear(): void {
    this.chain = [];
  }
}
