import { Command } from 'commander';
import type { Turn } from '@weft/core';
import { openExistingStore } from '../context.js';
import { run, UsageError } from '../errors.js';
import { printJson } from '../output/json.js';

interface ForkOptions {
  readonly at?: string | undefined;
  readonly title?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `weft fork <conversation> [--at <turn>]`: a new conversation whose head is the conversation's
 * head, or an earlier turn of it. Nothing is copied; both share every earlier turn.
 */
export function forkCommand(): Command {
  return new Command('fork')
    .description('start a new branch at the head of a conversation, or at an earlier turn (--at)')
    .argument('<conversation>', 'conversation id')
    .option('--at <turn>', 'a turn id on the branch, or its position (1 = first turn)')
    .option('--title <title>', 'title of the new conversation')
    .option('--json', 'print JSON')
    .action(async (conversationId: string, _options: ForkOptions, command: Command) => {
      const options = command.optsWithGlobals<ForkOptions & { db?: string }>();
      const { randomIds, systemClock } = await import('@weft/core');
      const store = await openExistingStore(options);
      try {
        const source = await run(store.turns.getConversation(conversationId));
        if (source.headTurnId === null) {
          throw new UsageError(
            `Conversation ${conversationId} has no turns yet; there is nothing to fork.`,
          );
        }
        const chain = await run(store.turns.readChain(source.headTurnId));
        const at = pickTurn(chain, options.at, conversationId);
        const now = systemClock.now();
        const forked = await run(
          store.turns.fork({
            turnId: at.id,
            conversation: {
              id: randomIds.next('conv'),
              title: options.title ?? (source.title === null ? null : `${source.title} (fork)`),
              forkedFrom: source.id,
              createdAt: now,
            },
          }),
        );
        if (options.json === true)
          return printJson({ conversation: forked, at: at.id, position: at.depth + 1 });
        process.stdout.write(`${forked.id}\n`);
        process.stderr.write(
          `forked ${source.id} at turn ${at.depth + 1} of ${chain.length} (${at.id}); continue with: weft chat --conversation ${forked.id}\n`,
        );
      } finally {
        store.close();
      }
    });
}

function pickTurn(chain: readonly Turn[], at: string | undefined, conversationId: string): Turn {
  const head = chain.at(-1) as Turn;
  if (at === undefined) return head;
  if (/^\d+$/.test(at)) {
    const turn = chain[Number(at) - 1];
    if (turn === undefined) {
      throw new UsageError(
        `--at ${at} is out of range: ${conversationId} has ${chain.length} turns (1–${chain.length}).`,
      );
    }
    return turn;
  }
  const turn = chain.find((t) => t.id === at);
  if (turn === undefined) {
    throw new UsageError(
      `Turn ${at} is not on the branch of ${conversationId}; see 'weft show ${conversationId}' for its turn ids.`,
    );
  }
  return turn;
}
