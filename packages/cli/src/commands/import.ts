import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { openStore } from '../context.js';
import { run, UsageError } from '../errors.js';
import { printJson } from '../output/json.js';
import { withProgress } from '../output/spinner.js';

/** `weft import file.jsonl`: adds the records of an export, all or nothing. */
export function importCommand(): Command {
  return new Command('import')
    .description('add the conversations of a JSONL export to the database (all or nothing)')
    .argument('<file>', 'a file written by weft export (- for standard input)')
    .option('--json', 'print JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ db?: string; json?: boolean }>();
      if (file !== '-' && !existsSync(file))
        throw new UsageError(`No file at ${file}; pass a file written by 'weft export'.`);
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      if (!text.startsWith('{'))
        throw new UsageError(
          `${file} is not a Weft JSONL export (its first line must be {"format":"weft.jsonl",…}).`,
        );
      const store = await openStore(options);
      try {
        const summary = await withProgress(`importing ${file}`, () => run(store.importJsonl(text)));
        if (options.json === true) return printJson(summary);
        const parts = Object.entries(summary).map(([k, v]) => `${String(v)} ${k}`);
        process.stdout.write(`imported ${parts.join(', ')}\n`);
      } finally {
        store.close();
      }
    });
}
