import { Command } from 'commander';
import { openExistingStore } from '../context.js';
import { run } from '../errors.js';
import { out } from '../output/colour.js';

interface ShowOptions {
  readonly tree?: boolean | undefined;
  readonly json?: boolean | undefined;
  readonly markdown?: boolean | undefined;
}

/** `weft show <conversation>`: the transcript of a conversation, or its whole turn tree. */
export function showCommand(): Command {
  return new Command('show')
    .description('print the transcript of a conversation (--tree: every branch of its turn tree)')
    .argument('<conversation>', 'conversation id')
    .option('--tree', 'draw the whole turn tree, every branch')
    .option('--markdown', 'print Markdown')
    .option('--json', 'print JSON')
    .action(async (conversationId: string, _options: ShowOptions, command: Command) => {
      const options = command.optsWithGlobals<ShowOptions & { db?: string }>();
      const { readTranscript, renderJson, renderMarkdown, renderText } =
        await import('@weft/replay');
      const store = await openExistingStore(options);
      try {
        await run(store.turns.getConversation(conversationId));
        const transcript = await readTranscript(
          store,
          { conversationId },
          { scope: options.tree === true ? 'tree' : 'branch' },
        );
        if (options.json === true) return void process.stdout.write(renderJson(transcript));
        if (options.markdown === true) return void process.stdout.write(renderMarkdown(transcript));
        process.stdout.write(colourise(renderText(transcript)));
      } finally {
        store.close();
      }
    });
}

/** Colours turn ids, roles and notes of a text transcript (only on a colour terminal). */
function colourise(text: string): string {
  const paint = out();
  if (!paint.enabled) return text;
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/\[(turn_[^\]]+|[a-z]+_[A-Za-z0-9]+)\]/, (m) => paint('cyan', m))
        .replace(
          /^(\W*)(user|assistant(?: \([a-z]+\))?):/,
          (_m, pre: string, role: string) =>
            `${pre}${paint(role === 'user' ? 'green' : 'magenta', role)}:`,
        )
        .replace(
          /^(\W*)(! .*)$/,
          (_m, pre: string, note: string) => `${pre}${paint('yellow', note)}`,
        ),
    )
    .join('\n');
}
