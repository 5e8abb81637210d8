import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { openExistingStore } from '../context.js';
import { run } from '../errors.js';
import { withProgress } from '../output/spinner.js';

interface ExportOptions {
  readonly out?: string | undefined;
}

/** `weft export [conversation] --out file.jsonl`: one conversation (with its ancestors) or everything, as JSONL. */
export function exportCommand(): Command {
  return new Command('export')
    .description('write one conversation (or the whole database) as JSONL')
    .argument('[conversation]', 'conversation id (default: everything)')
    .option('-o, --out <file>', 'the file to write (default: standard output)')
    .action(
      async (conversationId: string | undefined, _options: ExportOptions, command: Command) => {
        const options = command.optsWithGlobals<ExportOptions & { db?: string }>();
        const store = await openExistingStore(options);
        try {
          if (conversationId !== undefined) await run(store.turns.getConversation(conversationId));
          const text = await withProgress(`exporting ${conversationId ?? 'the database'}`, () =>
            run(store.exportJsonl(conversationId === undefined ? {} : { conversationId })),
          );
          if (options.out === undefined || options.out === '-')
            return void process.stdout.write(text);
          writeFileSync(options.out, text);
          const records = text.split('\n').filter((l) => l.trim() !== '').length - 1;
          process.stderr.write(`wrote ${records} records to ${options.out}\n`);
        } finally {
          store.close();
        }
      },
    );
}
