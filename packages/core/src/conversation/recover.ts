import { Effect } from 'effect';
import type { Conversation as ConversationRecord } from '../domain/conversation.js';
import type { NotFound, StorageError } from '../errors.js';
import type { StoredSnapshot } from '../ports/snapshot-store.js';
import type { TurnStoreShape } from '../ports/turn-store.js';

/** What `Conversation` writes to the snapshot store. */
interface SavedSnapshot {
  readonly state: string;
  readonly snapshot: {
    readonly value: unknown;
    readonly context: { readonly currentTurnId: string | null; readonly lastError: unknown };
    readonly children?: unknown;
  } & Record<string, unknown>;
}

/** States whose snapshot restores without re-running anything that was cut off. */
const restorable = new Set(['idle', 'awaitingApproval', 'failed', 'cancelled', 'retrying', 'toolCalls']);

function isSaved(value: unknown): value is SavedSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    'state' in value &&
    'snapshot' in value &&
    typeof (value as { snapshot: unknown }).snapshot === 'object'
  );
}

/** A persisted conversation snapshot, ready to restore a machine from. */
export interface RecoveredSnapshot {
  /** What `createActor` restores from. */
  readonly snapshot: unknown;
  /** The state the machine resumes in. */
  readonly state: string;
  /** False when recovery rewrote the stored snapshot (a turn cut off while running). */
  readonly asStored: boolean;
}

/**
 * Prepares a persisted conversation snapshot for a new process; undefined when nothing usable was
 * stored (the machine starts fresh from the conversation record).
 *
 * - idle, awaiting approval, failed, cancelled, retrying: restored as they were.
 * - toolCalls: restored, so the tools of the head turn run again (tool execution is at-least-once
 *   across crashes; make side-effecting tools idempotent by call id and turn id).
 * - preparing and retrying are never written (nothing was sent in them); a crash there resumes
 *   from the state before, and a turn stored but never sent stays `pending` in the tree.
 * - running: the request may or may not have reached the server, so nothing is
 *   re-sent. The open turn is recorded as `failed` (interrupted) with whatever output had been
 *   stored, and the machine resumes in `failed`, where `retry()` re-sends the same input.
 * - running a background turn: restored as running; the background strategy finds the turn's job
 *   and resumes it instead of creating a new response.
 * - running a turn the store already holds as completed or incomplete (the process stopped after
 *   storing its end, before the next snapshot): restored as running; the engine reports the stored
 *   turn (its tool calls run next, if any) without sending it again.
 */
export function recoverInterrupted(
  saved: unknown,
  turns: TurnStoreShape,
  now: number,
): Effect.Effect<RecoveredSnapshot | undefined> {
  if (!isSaved(saved)) return Effect.succeed(undefined);
  const asStored: RecoveredSnapshot = {
    snapshot: { ...saved.snapshot, status: 'active' },
    state: saved.state,
    asStored: true,
  };
  if (restorable.has(saved.state)) return Effect.succeed(asStored);
  return Effect.gen(function* () {
    const current = saved.snapshot.context.currentTurnId;
    if (saved.state === 'running' && current !== null) {
      const turn = yield* Effect.option(turns.getTurn(current));
      // A background turn lives on the server: restoring `running` re-attaches to its job.
      if (turn._tag === 'Some' && turn.value.executionStrategy === 'background') return asStored;
      // A turn stored as ended before the process stopped: restoring `running` reports it from the
      // store (the engine never re-sends an ended turn), so it is neither lost nor sent twice.
      if (turn._tag === 'Some' && (turn.value.status === 'completed' || turn.value.status === 'incomplete')) {
        return asStored;
      }
    }
    const message =
      'The process stopped while this turn was running; its partial output is kept. Call retry() to send it again.';
    const turnId = saved.snapshot.context.currentTurnId;
    if (turnId !== null) {
      const turn = yield* Effect.option(turns.getTurn(turnId));
      if (turn._tag === 'Some' && turn.value.executionStrategy !== 'background') {
        const t = turn.value;
        if (t.status === 'pending' || t.status === 'in_progress') {
          yield* Effect.ignore(
            turns.completeTurn(turnId, {
              status: 'failed',
              responseId: t.responseId,
              output: t.output,
              usage: null,
              completedAt: now,
              error: { tag: 'StreamInterrupted', message },
              partial: t.output.length > 0,
            }),
          );
        }
      }
    }
    const snapshot = {
      ...saved.snapshot,
      status: 'active',
      value: 'failed',
      children: {},
      context: {
        ...saved.snapshot.context,
        currentTurnId: null,
        lastError: { tag: 'StreamInterrupted', message },
      },
    };
    return { snapshot, state: 'failed', asStored: false };
  });
}

/**
 * Reads a stored conversation's record and prepares its stored snapshot (`undefined`: none) for a
 * new machine. The record is read again when recovery changed turns: the head is the store's.
 */
export function restoreConversation(
  turns: TurnStoreShape,
  id: string,
  stored: StoredSnapshot | undefined,
  now: () => number,
): Effect.Effect<{ record: ConversationRecord; snapshot: RecoveredSnapshot | undefined }, StorageError | NotFound> {
  return Effect.gen(function* () {
    const found = yield* turns.getConversation(id);
    const snapshot = yield* recoverInterrupted(stored?.snapshot, turns, now());
    const record = snapshot?.asStored === false ? yield* turns.getConversation(id) : found;
    return { record, snapshot };
  });
}
