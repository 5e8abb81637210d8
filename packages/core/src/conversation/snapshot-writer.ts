import { Effect } from 'effect';
import type { SnapshotStoreShape } from '../ports/snapshot-store.js';

/** What `Conversation` writes to the snapshot store under its key (read back by `recover.ts`). */
export interface SavedConversationSnapshot {
  /** The machine's state when the snapshot was taken. */
  readonly state: string;
  /** `actor.getPersistedSnapshot()`. */
  readonly snapshot: unknown;
}

/**
 * Writes one conversation's machine snapshots to the store, in order, one at a time.
 *
 * A snapshot equal to the last one written (or to the one the store already holds) is not written
 * again, and snapshots offered while an earlier write is still waiting replace it: only the latest
 * reaches the store, since a restart resumes from nothing older.
 */
export class SnapshotWriter {
  private lastSaved: string | undefined;
  private pending: { readonly saved: SavedConversationSnapshot; readonly at: number } | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SnapshotStoreShape | undefined,
    private readonly key: string,
    private readonly clock: { now(): number },
  ) {}

  /** Records `json` as what the store already stands for, so offering it again writes nothing. */
  assumeStored(json: string | undefined): void {
    this.lastSaved = json;
  }

  /** Queues `snapshot` for writing unless it is the one last written. */
  offer(state: string, snapshot: unknown): void {
    if (this.store === undefined) return;
    const json = JSON.stringify(snapshot);
    if (json === this.lastSaved) return;
    this.lastSaved = json;
    const queued = this.pending !== undefined;
    this.pending = { saved: { state, snapshot }, at: this.clock.now() };
    if (!queued) this.saving = this.saving.then(() => this.writePending());
  }

  /** Resolves once every snapshot offered so far has reached the store. */
  flush(): Promise<void> {
    return this.saving;
  }

  private async writePending(): Promise<void> {
    const next = this.pending;
    this.pending = undefined;
    if (next === undefined || this.store === undefined) return;
    await Effect.runPromise(Effect.ignore(this.store.save(this.key, next.saved, next.at)));
  }
}
