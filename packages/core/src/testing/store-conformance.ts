/**
 * The store conformance suite: one set of Vitest tests every `TurnStore`, `JobStore` and
 * `SnapshotStore` implementation must pass.
 *
 * @module
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { describeChainConformance } from './chain-conformance.js';
import { describeConversationConformance } from './conversation-conformance.js';
import { describeDeleteConformance } from './delete-conformance.js';
import { describeEventConformance } from './event-conformance.js';
import { describeFinishConformance } from './finish-conformance.js';
import { describeIsolationConformance } from './isolation-conformance.js';
import { describeJobConformance } from './job-conformance.js';
import { describeLeaseWriteConformance } from './lease-write-conformance.js';
import { describeListingConformance } from './listing-conformance.js';
import { describeSnapshotBatchConformance } from './snapshot-batch-conformance.js';
import { describeSnapshotConformance } from './snapshot-conformance.js';
import type { MakeStoreFixture, StoreFixture } from './store-fixture.js';
import { describeTurnConformance } from './turn-conformance.js';

/**
 * Registers the store conformance suite under `describe(name)`. Call it from a test file;
 * `makeStores` runs before every test and must return fresh, empty stores.
 *
 * Details: the suite covers every port method's documented semantics — compare-and-swap heads
 * (racing through `contender()` when given), forks that copy nothing, chains root to head,
 * deletion that keeps what other branches reach, paging and filters, event logs, partial output,
 * lease exclusivity and expiry, snapshot versions, `NotFound`/`Conflict` tags, and that returned
 * data is not aliased to the store. Times and ids are fixed; nothing reads the wall clock.
 *
 * Choices the ports leave open, which every store must make the same way: a new conversation has
 * version 0 and each head move adds 1; `updateConversation` replaces metadata whole and does not
 * move the version; `fork` without `forkedFrom` records the conversation of the forked turn;
 * `updatedAfter`/`updatedBefore` are exclusive; listing ties on `updatedAt` never repeat or skip
 * across pages, and the last page has `nextCursor: null`; deleting a conversation removes the
 * turns on its chain and the turns begun in it, except those a remaining head reaches (and their
 * ancestors); `recordResponseId` moves a pending turn to `in_progress` and sets `startedAt`;
 * `recordFirstToken` keeps the first time; `completeTurn` (and `finishTurn`) with `responseId: null`
 * keeps a recorded one; `finishTurn` keeps the completed turn and its events when the head cannot
 * move, and a head already at the turn counts as moved; an appended batch lands contiguously; `acquireLease` takes the most overdue job first;
 * jobs are listed oldest first; snapshots are listed by key.
 *
 * @example
 * ```ts
 * import { describeStoreConformance, makeMemoryStores } from '@weft/core/testing';
 *
 * describeStoreConformance('memory', () => makeMemoryStores());
 * ```
 */
export function describeStoreConformance(name: string, makeStores: MakeStoreFixture): void {
  describe(name, () => {
    let current: StoreFixture | undefined;

    beforeEach(async () => {
      current = await makeStores();
    });

    afterEach(async () => {
      const fixture = current;
      current = undefined;
      await fixture?.close?.();
    });

    const fixture = (): StoreFixture => {
      if (current === undefined) throw new Error('store conformance: the fixture is not open');
      return current;
    };

    describeConversationConformance(fixture);
    describeListingConformance(fixture);
    describeTurnConformance(fixture);
    describeChainConformance(fixture);
    describeDeleteConformance(fixture);
    describeEventConformance(fixture);
    describeFinishConformance(fixture);
    describeJobConformance(fixture);
    describeLeaseWriteConformance(fixture);
    describeSnapshotConformance(fixture);
    describeSnapshotBatchConformance(fixture);
    describeIsolationConformance(fixture);
  });
}
