import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import type { ChatSession } from '../chat/session.js';
import type { ContextStrategyName, ConversationSettings, ExecutionStrategyName } from '@weft/core';
import { canStream, makeWeft, openStore, resolveEndpoint, type GlobalOptions } from '../context.js';
import { out } from '../output/colour.js';

interface ChatOptions extends GlobalOptions {
  readonly conversation?: string | undefined;
  readonly title?: string | undefined;
  readonly strategy?: ContextStrategyName | undefined;
  readonly execution?: ExecutionStrategyName | undefined;
  readonly instructions?: string | undefined;
  readonly tools?: string | undefined;
}

/** `weft chat`: an interactive conversation that streams each answer as it arrives. */
export function chatCommand(): Command {
  return new Command('chat')
    .description(
      'talk to the model; answers stream as they arrive (/help inside lists the commands)',
    )
    .option('-c, --conversation <id>', 'continue a stored conversation')
    .option('--title <title>', 'title of a new conversation (default: your first message)')
    .addOption(
      new Option('--strategy <name>', 'context strategy').choices([
        'server',
        'local',
        'conversation',
      ]),
    )
    .addOption(
      new Option(
        '--execution <name>',
        'how turns run (default: stream when the endpoint can)',
      ).choices(['stream', 'blocking', 'background']),
    )
    .option('--instructions <text>', 'system instructions for the model')
    .option('--tools <module>', 'a .js/.mjs module exporting tools the model may call')
    .action(async (_o: unknown, command: Command) => {
      const options = command.optsWithGlobals<ChatOptions>();
      const { loadTools } = await import('../tools.js');
      const { ChatSession } = await import('../chat/session.js');
      const tools = options.tools === undefined ? [] : await loadTools(options.tools);
      const store = await openStore(options);
      const endpoint = await resolveEndpoint(options).catch((error: unknown) => {
        store.close();
        throw error;
      });
      const settings: { -readonly [K in keyof ConversationSettings]?: ConversationSettings[K] } = {
        model: endpoint.model,
        execution: options.execution ?? (canStream(endpoint.profile) ? 'stream' : 'blocking'),
        ...(options.strategy === undefined ? {} : { contextStrategy: options.strategy }),
        ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
        ...(tools.length === 0 ? {} : { tools }),
      };
      const weft = await makeWeft(endpoint, store);
      try {
        const convo =
          options.conversation === undefined
            ? await weft.conversation({
                ...settings,
                ...(options.title === undefined ? {} : { title: options.title }),
              })
            : await weft.open(options.conversation, settings);
        const paint = out();
        const session = new ChatSession(weft, store, convo, settings, paint);
        process.stdout.write(
          `${paint('bold', 'weft chat')} ${paint('cyan', convo.id)} on ${endpoint.kind} (${endpoint.model}, ${settings.execution}). /help for commands, /quit to leave.\n`,
        );
        await repl(session, paint);
      } finally {
        await weft.close();
        await endpoint.close();
        store.close();
      }
    });
}

/** Reads lines until /quit or end of input; lines typed during an answer wait their turn. */
function repl(session: ChatSession, paint: ReturnType<typeof out>): Promise<void> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true,
  });
  rl.setPrompt(paint('green', 'you> '));
  let queue: Promise<void> = Promise.resolve();
  let closing = false;
  return new Promise<void>((resolve) => {
    const handle = async (line: string): Promise<void> => {
      const text = line.trim();
      if (text === '') return;
      if (text.startsWith('/')) {
        if (!(await session.command(text))) {
          closing = true;
          rl.close();
        }
        return;
      }
      await session.send(text);
    };
    rl.on('line', (line) => {
      // Approvals must reach the answer that waits for them.
      if (session.busy && /^\/(approve|reject)\b/.test(line.trim())) {
        void session.command(line);
        return;
      }
      queue = queue
        .then(() => handle(line))
        .then(() => {
          if (!closing) rl.prompt();
        });
    });
    rl.on('SIGINT', () => {
      if (!session.interrupt()) rl.close();
    });
    rl.on('close', () => {
      closing = true;
      void queue.then(resolve);
    });
    rl.prompt();
  });
}
