/** Reading what a crash cycle left in its SQLite file, straight from the store. */
import type { Turn } from '@weft/core';
import type { SqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';

/** The text of every `output_text` part of a turn, joined. */
export function outputTextOf(turn: Turn): string {
  let text = '';
  for (const item of turn.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

/** Whether the turn's request carries `prompt` as (part of) its input. */
export function asks(turn: Turn, prompt: string): boolean {
  return JSON.stringify(turn.request.input).includes(JSON.stringify(prompt).slice(1, -1));
}

/** What a conversation holds: every turn of its tree, and the chain from the root to its head. */
export interface StoredConversation {
  readonly turns: readonly Turn[];
  readonly chain: readonly Turn[];
}

/** Reads a conversation's whole tree (through the JSONL export) and its head chain. */
export async function readConversation(
  store: SqliteStore,
  conversationId: string,
): Promise<StoredConversation> {
  const jsonl = await Effect.runPromise(store.exportJsonl({ conversationId }));
  const turns = jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; data: unknown })
    .filter((record) => record.type === 'turn')
    .map((record) => record.data as Turn);
  const conversation = await Effect.runPromise(store.turns.getConversation(conversationId));
  const chain =
    conversation.headTurnId === null
      ? []
      : await Effect.runPromise(store.turns.readChain(conversation.headTurnId));
  return { turns, chain };
}
