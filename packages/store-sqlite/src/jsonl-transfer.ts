/**
 * Export and import of a conversation or of the whole store as versioned JSONL.
 *
 * @module
 */
import { Conflict, NotFound, StorageError, type Turn } from '@weft/core';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Effect } from 'effect';
import type { Connection } from './internal/connection.js';
import { attemptOr, type ErrorContext } from './internal/errors.js';
import { makeLineage } from './internal/lineage.js';
import { resolveOutputReferences } from './internal/compact-events.js';
import { fromTurn, toConversation, toEvent, toJob, toSnapshot, toTurn } from './internal/rows.js';
import { formatLine, jsonlFormat, jsonlVersion, parseJsonl } from './jsonl-format.js';
import { conversations, jobs, snapshots, turnEvents, turns } from './schema.js';

/** What to export. */
export interface ExportOptions {
  /**
   * Only this conversation: its row, every turn it began, the ancestors of those and of its
   * head, their events and its jobs. Without it: everything, snapshots included.
   */
  readonly conversationId?: string | undefined;
}

/** How many records an import added (records already present are skipped, not counted). */
export interface ImportSummary {
  readonly conversations: number;
  readonly turns: number;
  readonly events: number;
  readonly jobs: number;
  readonly snapshots: number;
}

/** Writes JSONL text: a header line, then one record per line, ending with a newline. */
export type ExportJsonl = (
  options?: ExportOptions,
) => Effect.Effect<string, StorageError | NotFound>;

/**
 * Adds the records of JSONL text in one transaction: all or nothing. A conversation whose id is
 * taken fails with `Conflict`; turns, events, jobs and snapshots already present are kept as they
 * are (exports of two branches share ancestors).
 */
export type ImportJsonl = (text: string) => Effect.Effect<ImportSummary, StorageError | Conflict>;

/** Makes `exportJsonl` and `importJsonl` over an open connection. */
export function makeJsonlTransfer(
  connection: Connection,
  context: ErrorContext,
): { readonly exportJsonl: ExportJsonl; readonly importJsonl: ImportJsonl } {
  const { client, db } = connection;
  const lineage = makeLineage(connection);

  const turnsOf = (conversationId: string): readonly Turn[] =>
    db
      .select()
      .from(turns)
      .where(
        sql`${turns.id} IN (
          WITH RECURSIVE wanted(id) AS (
            SELECT head_turn_id FROM conversations WHERE id = ${conversationId} AND head_turn_id IS NOT NULL
            UNION
            SELECT id FROM turns WHERE conversation_id = ${conversationId}
            UNION
            SELECT t.parent_id FROM turns t JOIN wanted w ON t.id = w.id WHERE t.parent_id IS NOT NULL
          )
          SELECT id FROM wanted
        )`,
      )
      .orderBy(asc(turns.depth), asc(turns.seq))
      .all()
      .map(toTurn);

  const exportAll = client.transaction((conversationId: string | undefined): string => {
    const lines = [formatLine({ format: jsonlFormat, version: jsonlVersion })];
    const conversationRows =
      conversationId === undefined
        ? db
            .select()
            .from(conversations)
            .orderBy(asc(conversations.createdAt), asc(conversations.id))
            .all()
        : db.select().from(conversations).where(eq(conversations.id, conversationId)).all();
    if (conversationId !== undefined && conversationRows.length === 0) {
      throw new NotFound({ kind: 'conversation', id: conversationId });
    }
    for (const row of conversationRows) {
      lines.push(formatLine({ type: 'conversation', data: toConversation(row) }));
    }
    const turnList =
      conversationId === undefined
        ? db.select().from(turns).orderBy(asc(turns.depth), asc(turns.seq)).all().map(toTurn)
        : turnsOf(conversationId);
    for (const turn of turnList) lines.push(formatLine({ type: 'turn', data: turn }));
    const eventRows =
      conversationId === undefined
        ? db.select().from(turnEvents).orderBy(asc(turnEvents.turnId), asc(turnEvents.idx)).all()
        : turnList.flatMap((turn) =>
            db
              .select()
              .from(turnEvents)
              .where(eq(turnEvents.turnId, turn.id))
              .orderBy(asc(turnEvents.idx))
              .all(),
          );
    // Exports hold whole events: references to a turn's output are resolved here.
    const parts = new Map(turnList.map((turn) => [turn.id, turn]));
    const noParts = { output: [], usage: null };
    for (const row of eventRows) {
      const stored = toEvent(row);
      const event = resolveOutputReferences(stored.event, () => parts.get(row.turnId) ?? noParts);
      lines.push(formatLine({ type: 'event', data: { ...stored, event } }));
    }
    const jobRows = db
      .select()
      .from(jobs)
      .where(conversationId === undefined ? undefined : eq(jobs.conversationId, conversationId))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .all();
    for (const row of jobRows) lines.push(formatLine({ type: 'job', data: toJob(row) }));
    if (conversationId === undefined) {
      for (const row of db.select().from(snapshots).orderBy(asc(snapshots.key)).all()) {
        lines.push(formatLine({ type: 'snapshot', data: toSnapshot(row) }));
      }
    }
    return lines.join('\n') + '\n';
  });

  const importAll = client.transaction((text: string): ImportSummary => {
    const contents = parseJsonl(text);
    const taken = contents.conversations.map((c) => c.id);
    if (taken.length > 0) {
      const existing = db
        .select({ id: conversations.id, version: conversations.version })
        .from(conversations)
        .where(inArray(conversations.id, taken))
        .limit(1)
        .get();
      if (existing !== undefined) {
        throw new Conflict({
          conversationId: existing.id,
          expectedVersion: -1,
          actualVersion: existing.version,
        });
      }
    }
    let turnCount = 0;
    const ordered = [...contents.turns].sort((a, b) => a.depth - b.depth);
    for (const turn of ordered) {
      // Parents first (by depth), so each turn is placed in the tree as `beginTurn` would.
      const placement = lineage.place(turn.id, turn.parentId);
      if (placement === undefined) {
        throw new StorageError({
          operation: 'importJsonl',
          detail: `turn ${turn.id} has a parent that is neither in the file nor in the database; export the whole store or import the parent's conversation first`,
        });
      }
      if (placement.depth !== turn.depth) {
        throw new StorageError({
          operation: 'importJsonl',
          detail: `turn ${turn.id} has depth ${turn.depth} but its parent is at depth ${placement.depth - 1}; the file is damaged`,
        });
      }
      turnCount += db
        .insert(turns)
        .values({ ...fromTurn(turn), lineage: placement.lineage })
        .onConflictDoNothing()
        .run().changes;
    }
    for (const conversation of contents.conversations) {
      db.insert(conversations)
        .values({ ...conversation })
        .run();
    }
    let eventCount = 0;
    for (const event of contents.events) {
      eventCount += db
        .insert(turnEvents)
        .values({ turnId: event.turnId, idx: event.index, event: event.event, at: event.at })
        .onConflictDoNothing()
        .run().changes;
    }
    let jobCount = 0;
    for (const job of contents.jobs) {
      jobCount += db
        .insert(jobs)
        .values({ ...job })
        .onConflictDoNothing()
        .run().changes;
    }
    let snapshotCount = 0;
    for (const snapshot of contents.snapshots) {
      snapshotCount += db
        .insert(snapshots)
        .values({ ...snapshot, snapshot: snapshot.snapshot ?? null })
        .onConflictDoNothing()
        .run().changes;
    }
    return {
      conversations: contents.conversations.length,
      turns: turnCount,
      events: eventCount,
      jobs: jobCount,
      snapshots: snapshotCount,
    };
  });

  return {
    exportJsonl: (options = {}) =>
      attemptOr<NotFound>(context, 'exportJsonl')(() => exportAll.deferred(options.conversationId)),
    importJsonl: (text) =>
      attemptOr<Conflict>(context, 'importJsonl')(() => importAll.immediate(text)),
  };
}
