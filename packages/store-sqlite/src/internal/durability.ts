/**
 * The store's durability policy, per transaction. Commits that make a turn's outcome durable (its
 * end and the head's move, a response id, a job, a conversation) run at the configured
 * `synchronous` level (`FULL` by default: the WAL is fsynced before the call returns). Progress
 * writes — a turn's beginning, partial output, event batches, machine snapshots — commit with
 * `synchronous = NORMAL`: no fsync of their own.
 *
 * Why that loses nothing that matters: WAL frames reach the disk in commit order and the next
 * `FULL` commit fsyncs the whole WAL, its relaxed predecessors included. After a power cut the
 * database is the state after some commit at or after the last durable one: exactly the state a
 * process crash at that moment would have left, which recovery already handles (a turn begun but
 * never finished is reported as interrupted, or is simply absent with the head where it was).
 * A process crash alone loses nothing in WAL mode, at either level.
 *
 * @module
 */
import type Database from 'better-sqlite3';

/** Runs `body` (one or more transactions) with progress-level durability, then restores the level. */
export type RelaxedCommit = <A>(body: () => A) => A;

/**
 * Makes the {@link RelaxedCommit} of a connection opened at `synchronous`. At `NORMAL` it is the
 * identity; at `FULL` it switches the connection to `NORMAL` around `body` (two prepared pragma
 * statements, no I/O).
 */
export function makeRelaxedCommit(
  client: Database.Database,
  synchronous: 'FULL' | 'NORMAL',
  readonly: boolean,
): RelaxedCommit {
  if (synchronous === 'NORMAL' || readonly) return (body) => body();
  const relax = client.prepare('PRAGMA synchronous = NORMAL');
  const restore = client.prepare('PRAGMA synchronous = FULL');
  return (body) => {
    relax.run();
    try {
      return body();
    } finally {
      restore.run();
    }
  };
}
