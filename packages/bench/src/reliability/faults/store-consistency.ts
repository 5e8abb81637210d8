import type { ConversationRecord, Job, StoredEvent, Turn } from '@weft/core';

/** What a conversation's export says, for the consistency check. */
export interface ExportedConversation {
  readonly conversation: ConversationRecord;
  readonly turns: readonly Turn[];
  readonly events: readonly StoredEvent[];
  readonly jobs: readonly Job[];
}

/** Reads a store-sqlite JSONL export of one conversation (header line, then records). */
export function readExport(text: string, conversationId: string): ExportedConversation {
  let conversation: ConversationRecord | undefined;
  const turns: Turn[] = [];
  const events: StoredEvent[] = [];
  const jobs: Job[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { type: string; data: unknown };
    if (record.type === 'conversation') {
      const data = record.data as ConversationRecord;
      if (data.id === conversationId) conversation = data;
    } else if (record.type === 'turn') turns.push(record.data as Turn);
    else if (record.type === 'event') events.push(record.data as StoredEvent);
    else if (record.type === 'job') jobs.push(record.data as Job);
  }
  if (conversation === undefined)
    throw new Error(`the export has no conversation ${conversationId}`);
  return { conversation, turns, events, jobs };
}

/**
 * Checks the store after a faulted send. Returns the problems found (empty when consistent):
 * - the head is the head from before the send, or a turn that ended `completed`/`incomplete`;
 * - no turn is left `pending`/`in_progress` unless an active background job still owns it;
 * - no two finished turns answer the same input from the same parent (a duplicated send);
 * - every turn's event log is numbered 0, 1, 2, … without gaps or repeats.
 */
export function consistencyProblems(
  stored: ExportedConversation,
  previousHeadId: string | null,
): string[] {
  const problems: string[] = [];
  const byId = new Map(stored.turns.map((turn) => [turn.id, turn]));
  const head = stored.conversation.headTurnId;
  if (head !== previousHeadId) {
    const turn = head === null ? undefined : byId.get(head);
    if (turn === undefined) problems.push(`head ${String(head)} is not a stored turn`);
    else if (turn.status !== 'completed' && turn.status !== 'incomplete') {
      problems.push(`head moved to turn ${turn.id} with status ${turn.status}`);
    }
  }
  const ownedByJob = new Set(stored.jobs.filter((j) => j.status === 'active').map((j) => j.turnId));
  for (const turn of stored.turns) {
    if ((turn.status === 'pending' || turn.status === 'in_progress') && !ownedByJob.has(turn.id)) {
      problems.push(`turn ${turn.id} is stuck ${turn.status} with no active job`);
    }
  }
  const answered = new Map<string, string>();
  for (const turn of stored.turns) {
    if (turn.status !== 'completed' && turn.status !== 'incomplete') continue;
    const key = `${String(turn.parentId)}\u0000${JSON.stringify(turn.request.input)}`;
    const other = answered.get(key);
    if (other !== undefined) problems.push(`turns ${other} and ${turn.id} answer the same send`);
    else answered.set(key, turn.id);
  }
  const indices = new Map<string, number[]>();
  for (const event of stored.events) {
    const list = indices.get(event.turnId) ?? [];
    list.push(event.index);
    indices.set(event.turnId, list);
  }
  for (const [turnId, list] of indices) {
    const sorted = [...list].sort((a, b) => a - b);
    if (sorted.some((index, i) => index !== i)) {
      problems.push(
        `events of turn ${turnId} are not numbered 0…${sorted.length - 1}: ${sorted.slice(0, 12).join(',')}`,
      );
    }
  }
  return problems;
}
