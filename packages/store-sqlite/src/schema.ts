/**
 * The SQLite schema of the Weft store, as drizzle tables. Migrations in `drizzle/` are generated
 * from this file by `drizzle-kit generate`; the FTS5 index over turn text lives in a custom
 * migration because drizzle cannot express virtual tables (see README, "Schema").
 *
 * @module
 */
import type {
  ContextStrategyName,
  ExecutionStrategyName,
  JobStatus,
  Metadata,
  OutputItem,
  TurnError,
  TurnEvent,
  TurnFallback,
  TurnRequest,
  TurnStatus,
  Usage,
} from '@weft/core';
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** Conversations: named pointers to a head turn, with a version for compare-and-swap. */
export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    title: text('title'),
    headTurnId: text('head_turn_id').references((): AnySQLiteColumn => turns.id),
    metadata: text('metadata', { mode: 'json' })
      .$type<Metadata>()
      .notNull()
      .default(sql`'{}'`),
    version: integer('version').notNull().default(0),
    serverConversationId: text('server_conversation_id'),
    forkedFrom: text('forked_from'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('conversations_updated_at_id_idx').on(t.updatedAt, t.id),
    index('conversations_head_turn_id_idx').on(t.headTurnId),
  ],
);

/**
 * Turns: one Responses API call each, linked into a tree by `parent_id`. `seq` is the stable
 * integer row id the full-text index keys on; `id` is the public id. `lineage` places the turn in
 * a segment of the tree (the id of the segment's first turn): a turn joins its parent's segment
 * when it is the first child there, otherwise (a fork, a retry sibling) it starts its own, so a
 * chain is read as a few `(lineage, depth)` range scans (see `internal/lineage.ts`).
 */
export const turns = sqliteTable(
  'turns',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    conversationId: text('conversation_id').notNull(),
    parentId: text('parent_id'),
    depth: integer('depth').notNull(),
    lineage: text('lineage').notNull().default(''),
    request: text('request', { mode: 'json' }).$type<TurnRequest>().notNull(),
    responseId: text('response_id'),
    status: text('status').$type<TurnStatus>().notNull(),
    output: text('output', { mode: 'json' }).$type<readonly OutputItem[]>().notNull(),
    partial: integer('partial', { mode: 'boolean' }).notNull().default(false),
    usage: text('usage', { mode: 'json' }).$type<Usage>(),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    firstTokenAt: integer('first_token_at'),
    completedAt: integer('completed_at'),
    contextStrategy: text('context_strategy').$type<ContextStrategyName>().notNull(),
    executionStrategy: text('execution_strategy').$type<ExecutionStrategyName>().notNull(),
    fallback: text('fallback', { mode: 'json' }).$type<TurnFallback>(),
    error: text('error', { mode: 'json' }).$type<TurnError>(),
    incompleteReason: text('incomplete_reason'),
  },
  (t) => [
    uniqueIndex('turns_id_idx').on(t.id),
    index('turns_conversation_id_idx').on(t.conversationId),
    index('turns_parent_id_idx').on(t.parentId),
    uniqueIndex('turns_lineage_depth_idx').on(t.lineage, t.depth),
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'turns_parent_id_fk' }),
  ],
);

/** Stream events per turn, kept so readers can re-attach to a running or finished turn. */
export const turnEvents = sqliteTable(
  'turn_events',
  {
    turnId: text('turn_id')
      .notNull()
      .references(() => turns.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    event: text('event', { mode: 'json' }).$type<TurnEvent>().notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.turnId, t.idx], name: 'turn_events_pk' })],
);

/** Background jobs in flight, with a lease so one process at a time resumes each. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    turnId: text('turn_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    responseId: text('response_id').notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    cursor: integer('cursor'),
    nextPollAt: integer('next_poll_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('jobs_status_next_poll_at_idx').on(t.status, t.nextPollAt),
    index('jobs_turn_id_idx').on(t.turnId),
  ],
);

/** Machine snapshots by key (conversations, workflow runs), versioned on every save. */
export const snapshots = sqliteTable('snapshots', {
  key: text('key').primaryKey(),
  snapshot: text('snapshot', { mode: 'json' }).$type<unknown>().notNull(),
  version: integer('version').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
