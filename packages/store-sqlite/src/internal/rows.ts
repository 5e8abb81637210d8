/**
 * Rows to domain values. Optional timing fields are omitted rather than set to `undefined`, so
 * values read back deep-equal the values written.
 *
 * @module
 */
import type { Job, StoredEvent, StoredSnapshot, Turn, TurnTimings } from '@weft/core';
import type { ConversationRecord } from './records.js';
import type { conversations, jobs, snapshots, turnEvents, turns } from '../schema.js';

/** A conversations row. */
export type ConversationRow = typeof conversations.$inferSelect;
/** A turns row. */
export type TurnRow = typeof turns.$inferSelect;
/** A jobs row. */
export type JobRow = typeof jobs.$inferSelect;
/** A turn_events row. */
export type EventRow = typeof turnEvents.$inferSelect;
/** A snapshots row. */
export type SnapshotRow = typeof snapshots.$inferSelect;

/** A conversation from its row. */
export function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    title: row.title,
    headTurnId: row.headTurnId,
    metadata: row.metadata,
    version: row.version,
    serverConversationId: row.serverConversationId,
    forkedFrom: row.forkedFrom,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toTimings(row: TurnRow): TurnTimings {
  return {
    createdAt: row.createdAt,
    ...(row.startedAt === null ? {} : { startedAt: row.startedAt }),
    ...(row.firstTokenAt === null ? {} : { firstTokenAt: row.firstTokenAt }),
    ...(row.completedAt === null ? {} : { completedAt: row.completedAt }),
  };
}

/** A turn from its row. */
export function toTurn(row: TurnRow): Turn {
  return {
    id: row.id,
    conversationId: row.conversationId,
    parentId: row.parentId,
    depth: row.depth,
    request: row.request,
    responseId: row.responseId,
    status: row.status,
    output: row.output,
    partial: row.partial,
    usage: row.usage ?? null,
    timings: toTimings(row),
    contextStrategy: row.contextStrategy,
    executionStrategy: row.executionStrategy,
    fallback: row.fallback ?? null,
    error: row.error ?? null,
    incompleteReason: row.incompleteReason,
  };
}

/** A turns row (without `seq`, and `lineage`, which placement in the tree decides) from a turn. */
export function fromTurn(turn: Turn): Omit<TurnRow, 'seq' | 'lineage'> {
  return {
    id: turn.id,
    conversationId: turn.conversationId,
    parentId: turn.parentId,
    depth: turn.depth,
    request: turn.request,
    responseId: turn.responseId,
    status: turn.status,
    output: turn.output,
    partial: turn.partial,
    usage: turn.usage,
    createdAt: turn.timings.createdAt,
    startedAt: turn.timings.startedAt ?? null,
    firstTokenAt: turn.timings.firstTokenAt ?? null,
    completedAt: turn.timings.completedAt ?? null,
    contextStrategy: turn.contextStrategy,
    executionStrategy: turn.executionStrategy,
    fallback: turn.fallback,
    error: turn.error,
    incompleteReason: turn.incompleteReason,
  };
}

/** A job from its row. */
export function toJob(row: JobRow): Job {
  return { ...row };
}

/** A stored event from its row. */
export function toEvent(row: EventRow): StoredEvent {
  return { turnId: row.turnId, index: row.idx, event: row.event, at: row.at };
}

/** A stored snapshot from its row. */
export function toSnapshot(row: SnapshotRow): StoredSnapshot {
  return { key: row.key, snapshot: row.snapshot, version: row.version, updatedAt: row.updatedAt };
}
