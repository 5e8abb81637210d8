/**
 * What a store implementation hands the conformance suite.
 *
 * @module
 */
import type { JobStoreShape } from '../ports/job-store.js';
import type { SnapshotStoreShape } from '../ports/snapshot-store.js';
import type { TurnStoreShape } from '../ports/turn-store.js';

/** A second connection to the same storage, used to race writers against each other. */
export interface StoreContender {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
}

/**
 * Fresh, empty stores for one conformance test.
 *
 * `close` runs after the test and must also close any contender it handed out. `contender`
 * opens another connection to the same storage (a second SQLite handle on the same file, another
 * pool client); stores without connections omit it, and races then run on the same instances.
 */
export interface StoreFixture {
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape;
  readonly snapshots: SnapshotStoreShape;
  close?(): Promise<void> | void;
  contender?(): Promise<StoreContender>;
}

/** Makes the fixture for one test; called before every test of the suite. */
export type MakeStoreFixture = () => Promise<StoreFixture> | StoreFixture;
