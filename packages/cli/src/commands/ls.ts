import { Command } from 'commander';
import { openExistingStore } from '../context.js';
import type { SqliteStore } from '@weft/store-sqlite';
import { run } from '../errors.js';
import { out, err } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { renderTable, shortTime } from '../output/table.js';
import { optionsOf, positiveInt } from './shared.js';

interface LsOptions {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly search?: string | undefined;
  readonly page?: number | undefined;
  readonly json?: boolean | undefined;
}

/** `weft ls`: conversations, newest first, a page at a time; `--search` runs a full-text search. */
export function lsCommand(): Command {
  return new Command('ls')
    .description('list conversations (newest first), or search turn text with --search')
    .option('--limit <n>', 'rows per page', positiveInt('--limit'), 20)
    .option('--cursor <cursor>', 'the next page (printed after each page)')
    .option('--search <text>', 'full-text search over user input and assistant output')
    .option('--page <n>', 'search results page (with --search)', positiveInt('--page'))
    .option('--json', 'print JSON')
    .action(async (_options: LsOptions, command: Command) => {
      const options = optionsOf<LsOptions>(command);
      const store = await openExistingStore(options);
      try {
        if (options.search !== undefined) {
          const page = options.page ?? 1;
          const hits = await run(
            store.searchTurns(options.search, {
              limit: options.limit,
              offset: (page - 1) * options.limit,
            }),
          );
          if (options.json === true) return printJson({ query: options.search, page, hits });
          if (hits.length === 0)
            return void process.stderr.write(`No turns match '${options.search}'.\n`);
          const paint = out();
          process.stdout.write(
            renderTable(
              [{ header: 'CONVERSATION' }, { header: 'TURN' }, { header: 'MATCH', max: 80 }],
              hits.map((h) => [
                h.conversationId,
                h.turnId,
                h.snippet.replace(/\[([^\]]*)\]/g, (_m, w: string) => paint('bold', w)),
              ]),
              (t) => paint('dim', t),
            ),
          );
          if (hits.length === options.limit) {
            process.stderr.write(
              `more: weft ls --search ${JSON.stringify(options.search)} --page ${page + 1}\n`,
            );
          }
          return;
        }
        const page = await run(
          store.turns.listConversations({
            limit: options.limit,
            ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
          }),
        );
        const rows = await Promise.all(
          page.items.map(async (c) => ({ ...c, turns: await turnCount(store, c) })),
        );
        if (options.json === true) return printJson({ items: rows, nextCursor: page.nextCursor });
        if (rows.length === 0)
          return void process.stderr.write('No conversations yet. Start one with: weft chat\n');
        const paint = out();
        process.stdout.write(
          renderTable(
            [
              { header: 'ID' },
              { header: 'TITLE', max: 40 },
              { header: 'TURNS', align: 'right' },
              { header: 'UPDATED' },
              { header: 'FORKED FROM' },
            ],
            rows.map((c) => [
              paint('cyan', c.id),
              c.title ?? '',
              String(c.turns),
              shortTime(c.updatedAt),
              c.forkedFrom ?? '',
            ]),
            (t) => paint('dim', t),
          ),
        );
        if (page.nextCursor !== null)
          process.stderr.write(`${err()('dim', 'more:')} weft ls --cursor ${page.nextCursor}\n`);
      } finally {
        store.close();
      }
    });
}

/** Turns from the root to the head: the head's depth plus one. */
async function turnCount(
  store: SqliteStore,
  c: { readonly headTurnId: string | null },
): Promise<number> {
  if (c.headTurnId === null) return 0;
  const head = await run(store.turns.getTurn(c.headTurnId));
  return head.depth + 1;
}
