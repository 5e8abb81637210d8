/**
 * The turn half of the SQLite turn store: begin, record progress, complete, read chains and
 * children, and the per-turn event log. Hand-written statements, prepared once: each operation is
 * one or two index lookups, JSON is encoded once, and turns are decoded lazily (see
 * `turn-decoder.ts`).
 *
 * @module
 */
import {
  NotFound,
  StorageError,
  type NewTurn,
  type OutputItem,
  type StoredEvent,
  type Turn,
  type TurnEvent,
  type TurnResult,
  type TurnStoreShape,
  type Usage,
} from '@weft/core';
import { decodeEvent, type TurnParts } from './compact-events.js';
import type { Connection } from './connection.js';
import { attempt, attemptOr, type ErrorContext } from './errors.js';
import { encodeJson } from './json-columns.js';
import { makeLineage } from './lineage.js';
import {
  decodeTurn,
  decodeTurnValues,
  type RawTurnRow,
  type RawTurnValues,
  turnColumnOrder,
} from './turn-decoder.js';

/** The turn operations of the turn store. */
export type TurnOps = Omit<
  TurnStoreShape,
  | 'createConversation'
  | 'getConversation'
  | 'listConversations'
  | 'updateConversation'
  | 'deleteConversation'
  | 'setHead'
  | 'fork'
  | 'finishTurn'
>;

/** A `turn_events` row as SQLite returns it. */
interface RawEventRow {
  readonly idx: number;
  readonly event: string;
  readonly at: number;
}

/** The bound values of `completeTurn` (and `finishTurn`) for `result`. */
export function completionParams(turnId: string, result: TurnResult) {
  return {
    id: turnId,
    status: result.status,
    responseId: result.responseId,
    output: JSON.stringify(result.output),
    usage: encodeJson(result.usage),
    partial: result.partial === true ? 1 : 0,
    error: encodeJson(result.error ?? null),
    incompleteReason: result.incompleteReason ?? null,
    completedAt: result.completedAt,
    startedAt: result.startedAt ?? null,
  };
}

/** `UPDATE` of a turn's end; bind {@link completionParams}. Returns the row. */
export const completeTurnSql = `
  UPDATE turns SET status = @status, response_id = coalesce(@responseId, response_id),
    output = @output, usage = @usage, partial = @partial, error = @error,
    incomplete_reason = @incompleteReason, completed_at = @completedAt,
    started_at = coalesce(started_at, @startedAt)
  WHERE id = @id
  RETURNING *`;

/** Makes the turn operations over an open connection; statements are prepared once. */
export function makeTurnOps(connection: Connection, context: ErrorContext): TurnOps {
  const { client, relaxed } = connection;
  const lineage = makeLineage(connection);
  const turnNotFound = (id: string) => new NotFound({ kind: 'turn', id });
  const mustChange = (id: string, changes: number): void => {
    if (changes === 0) throw turnNotFound(id);
  };

  const selectTurn = client.prepare<[string], RawTurnRow>('SELECT * FROM turns WHERE id = ?');
  const selectDepth = client
    .prepare<[string], number>('SELECT depth FROM turns WHERE id = ?')
    .pluck();
  const insertTurn = client.prepare(`
    INSERT INTO turns (id, conversation_id, parent_id, depth, lineage, request, status, output,
      partial, created_at, context_strategy, execution_strategy, fallback)
    VALUES (@id, @conversationId, @parentId, @depth, @lineage, @request, 'pending', '[]', 0,
      @createdAt, @contextStrategy, @executionStrategy, @fallback)
    ON CONFLICT DO NOTHING`);
  const setResponseId = client.prepare(`
    UPDATE turns SET response_id = @responseId,
      status = CASE status WHEN 'pending' THEN 'in_progress' ELSE status END,
      started_at = coalesce(started_at, @at)
    WHERE id = @id`);
  const setPartialOutput = client.prepare(`
    UPDATE turns SET output = @output, partial = 1,
      status = CASE status WHEN 'pending' THEN 'in_progress' ELSE status END
    WHERE id = @id`);
  const setFirstToken = client.prepare(
    'UPDATE turns SET first_token_at = coalesce(first_token_at, @at) WHERE id = @id',
  );
  const complete = client.prepare<[ReturnType<typeof completionParams>], RawTurnRow>(
    completeTurnSql,
  );
  /**
   * One segment of a chain in depth order, straight off the `(lineage, depth)` index: no pointer
   * walk and no sort (`lineage.ts`).
   */
  const selectSegment = client
    .prepare<[string, number, number], RawTurnValues>(
      `SELECT ${turnColumnOrder.join(', ')} FROM turns
      WHERE lineage = ? AND depth BETWEEN ? AND ? ORDER BY depth`,
    )
    .raw();
  /** Root → head; one read transaction, so every segment comes from the same snapshot. */
  const readChainRows = client.transaction((headTurnId: string): Turn[] => {
    const segments = lineage.segmentsOf(headTurnId);
    const head = segments[0];
    if (head === undefined) throw turnNotFound(headTurnId);
    const chain = new Array<Turn>(head.toDepth + 1);
    for (const segment of segments) {
      const rows = selectSegment.all(segment.lineage, segment.fromDepth, segment.toDepth);
      // Rows as arrays (`.raw()`): no per-row object of column names before the turn is built.
      for (const values of rows) chain[values[3]] = decodeTurnValues(values);
    }
    return chain;
  });
  const selectChildren = client.prepare<[string], RawTurnRow>(
    'SELECT * FROM turns WHERE parent_id = ? ORDER BY created_at, seq',
  );
  const nextEventIndex = client
    .prepare<[string], number>(
      'SELECT coalesce(max(idx) + 1, 0) FROM turn_events WHERE turn_id = ?',
    )
    .pluck();
  const insertEvent = client.prepare<[string, number, string, number]>(
    'INSERT INTO turn_events (turn_id, idx, event, at) VALUES (?, ?, ?, ?)',
  );
  const selectParts = client.prepare<[string], { output: string; usage: string | null }>(
    'SELECT output, usage FROM turns WHERE id = ?',
  );
  const selectEvents = client.prepare<[string, number], RawEventRow>(
    'SELECT idx, event, at FROM turn_events WHERE turn_id = ? AND idx >= ? ORDER BY idx',
  );


  const begin = client.transaction((input: NewTurn): Turn => {
    const placement = lineage.place(input.id, input.parentId);
    if (placement === undefined) throw turnNotFound(input.parentId ?? input.id);
    const { depth } = placement;
    const row: RawTurnRow = {
      id: input.id,
      conversation_id: input.conversationId,
      parent_id: input.parentId,
      depth,
      request: JSON.stringify(input.request),
      response_id: null,
      status: 'pending',
      output: '[]',
      partial: 0,
      usage: null,
      created_at: input.createdAt,
      started_at: null,
      first_token_at: null,
      completed_at: null,
      context_strategy: input.contextStrategy,
      execution_strategy: input.executionStrategy,
      fallback: encodeJson(input.fallback ?? null),
      error: null,
      incomplete_reason: null,
    };
    const inserted = insertTurn.run({
      id: row.id,
      conversationId: row.conversation_id,
      parentId: row.parent_id,
      depth,
      lineage: placement.lineage,
      request: row.request,
      createdAt: row.created_at,
      contextStrategy: row.context_strategy,
      executionStrategy: row.execution_strategy,
      fallback: row.fallback,
    });
    if (inserted.changes === 0) {
      throw new StorageError({
        operation: 'beginTurn',
        detail: `a turn with id ${input.id} already exists; generate a fresh turn id`,
      });
    }
    // Decoded from the JSON just written: the caller's objects are not shared.
    return decodeTurn(row);
  });

  const append = client.transaction(
    (turnId: string, batch: readonly { readonly event: TurnEvent; readonly at: number }[]) => {
      if (selectDepth.get(turnId) === undefined) throw turnNotFound(turnId);
      let idx = nextEventIndex.get(turnId) ?? 0;
      for (const { event, at } of batch) insertEvent.run(turnId, idx++, JSON.stringify(event), at);
    },
  );

  return {
    // Progress writes (durability.ts): a begun turn, partial output, first token, events.
    beginTurn: (input) =>
      attemptOr<NotFound>(context, 'beginTurn')(() => relaxed(() => begin.immediate(input))),
    recordResponseId: (turnId, responseId, at) =>
      attemptOr<NotFound>(
        context,
        'recordResponseId',
      )(() => mustChange(turnId, setResponseId.run({ id: turnId, responseId, at }).changes)),
    recordPartialOutput: (turnId, output) =>
      attemptOr<NotFound>(
        context,
        'recordPartialOutput',
      )(() =>
        mustChange(
          turnId,
          relaxed(() => setPartialOutput.run({ id: turnId, output: JSON.stringify(output) }))
            .changes,
        ),
      ),
    recordFirstToken: (turnId, at) =>
      attemptOr<NotFound>(
        context,
        'recordFirstToken',
      )(() => mustChange(turnId, relaxed(() => setFirstToken.run({ id: turnId, at })).changes)),
    completeTurn: (turnId, result: TurnResult) =>
      attemptOr<NotFound>(
        context,
        'completeTurn',
      )(() => {
        const row = complete.get(completionParams(turnId, result));
        if (row === undefined) throw turnNotFound(turnId);
        return decodeTurn(row);
      }),
    getTurn: (turnId) =>
      attemptOr<NotFound>(
        context,
        'getTurn',
      )(() => {
        const row = selectTurn.get(turnId);
        if (row === undefined) throw turnNotFound(turnId);
        return decodeTurn(row);
      }),
    readChain: (headTurnId) =>
      attemptOr<NotFound>(context, 'readChain')(() => readChainRows.deferred(headTurnId)),
    childrenOf: (turnId) =>
      attempt(context, 'childrenOf', () => selectChildren.all(turnId).map(decodeTurn)),
    appendEvents: (turnId, batch) =>
      attemptOr<NotFound>(
        context,
        'appendEvents',
      )(() => relaxed(() => append.immediate(turnId, batch))),
    readEvents: (turnId, fromIndex): ReturnType<TurnStoreShape['readEvents']> =>
      attempt(context, 'readEvents', (): readonly StoredEvent[] => {
        let parts: TurnParts | undefined;
        // Read once, and only when an event refers to the turn's output (compact-events.ts).
        const partsOf = (): TurnParts => {
          if (parts !== undefined) return parts;
          const row = selectParts.get(turnId);
          parts = {
            output: JSON.parse(row?.output ?? '[]') as readonly OutputItem[],
            usage: row?.usage == null ? null : (JSON.parse(row.usage) as Usage),
          };
          return parts;
        };
        return selectEvents.all(turnId, Math.max(0, Math.floor(fromIndex))).map((row) => ({
          turnId,
          index: row.idx,
          event: decodeEvent(row.event, partsOf),
          at: row.at,
        }));
      }),
  };
}
