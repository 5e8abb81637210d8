/**
 * The PostgreSQL schema of the Weft store, as drizzle tables. Migrations in `drizzle/` are
 * generated from this file by `drizzle-kit generate` and applied on open (or by
 * `migratePostgresStore`). Times are epoch milliseconds in `bigint` columns; JSON is `jsonb`.
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
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * A `jsonb` column whose values round-trip exactly: written with `JSON.stringify`, read as
 * node-postgres parses them. (drizzle's own `jsonb` re-parses strings, so a stored `"123"` would
 * come back as the number 123.)
 */
const json = <T>(name: string) =>
  customType<{ data: T; driverData: unknown }>({
    dataType: () => 'jsonb',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => value as T,
  })(name);

/** Epoch milliseconds. */
const millis = (name: string) => bigint(name, { mode: 'number' });

/** Conversations: named pointers to a head turn, with a version for compare-and-swap. */
export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    title: text('title'),
    headTurnId: text('head_turn_id').references((): AnyPgColumn => turns.id),
    metadata: json<Metadata>('metadata')
      .notNull()
      .default(sql`'{}'::jsonb`),
    version: integer('version').notNull().default(0),
    serverConversationId: text('server_conversation_id'),
    forkedFrom: text('forked_from'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [
    index('conversations_updated_at_id_idx').on(t.updatedAt, t.id),
    index('conversations_head_turn_id_idx').on(t.headTurnId),
    index('conversations_metadata_idx').using('gin', t.metadata),
  ],
);

/**
 * Turns: one Responses API call each, linked into a tree by `parent_id`. `seq` orders siblings
 * created in the same millisecond by insertion.
 */
export const turns = pgTable(
  'turns',
  {
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    parentId: text('parent_id'),
    depth: integer('depth').notNull(),
    request: json<TurnRequest>('request').notNull(),
    responseId: text('response_id'),
    status: text('status').$type<TurnStatus>().notNull(),
    output: json<readonly OutputItem[]>('output').notNull(),
    partial: boolean('partial').notNull().default(false),
    usage: json<Usage>('usage'),
    createdAt: millis('created_at').notNull(),
    startedAt: millis('started_at'),
    firstTokenAt: millis('first_token_at'),
    completedAt: millis('completed_at'),
    contextStrategy: text('context_strategy').$type<ContextStrategyName>().notNull(),
    executionStrategy: text('execution_strategy').$type<ExecutionStrategyName>().notNull(),
    fallback: json<TurnFallback>('fallback'),
    error: json<TurnError>('error'),
    incompleteReason: text('incomplete_reason'),
  },
  (t) => [
    uniqueIndex('turns_seq_idx').on(t.seq),
    index('turns_conversation_id_idx').on(t.conversationId),
    index('turns_parent_id_idx').on(t.parentId),
    index('turns_response_id_idx').on(t.responseId),
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'turns_parent_id_fk' }),
  ],
);

/** Stream events per turn, kept so readers can re-attach to a running or finished turn. */
export const turnEvents = pgTable(
  'turn_events',
  {
    turnId: text('turn_id')
      .notNull()
      .references(() => turns.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    event: json<TurnEvent>('event').notNull(),
    at: millis('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.turnId, t.idx], name: 'turn_events_pk' })],
);

/** Background jobs in flight, with a lease so one worker at a time drives each. */
export const jobs = pgTable(
  'jobs',
  {
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    id: text('id').primaryKey(),
    turnId: text('turn_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    responseId: text('response_id').notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    cursor: bigint('cursor', { mode: 'number' }),
    nextPollAt: millis('next_poll_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: millis('lease_expires_at'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [
    // Only active jobs are leased: the partial index stays as small as the work in flight.
    index('jobs_due_idx')
      .on(t.nextPollAt, t.createdAt, t.id)
      .where(sql`${t.status} = 'active'`),
    index('jobs_turn_id_idx').on(t.turnId),
    index('jobs_created_at_idx').on(t.createdAt, t.id),
  ],
);

/** Machine snapshots by key (conversations, workflow runs), versioned on every save. */
export const snapshots = pgTable('snapshots', {
  key: text('key').primaryKey(),
  snapshot: json<unknown>('snapshot').notNull(),
  version: integer('version').notNull(),
  updatedAt: millis('updated_at').notNull(),
});
