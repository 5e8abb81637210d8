import { writeFileSync } from 'node:fs';
import type {
  Conversation,
  ContextStrategyName,
  ConversationSettings,
  TurnHandle,
  Weft,
} from '@weft/core';
import { toExchanges } from '@weft/replay';
import type { SqliteStore } from '@weft/store-sqlite';
import { describeError, run } from '../errors.js';
import type { Painter } from '../output/colour.js';
import { EventRenderer } from './render-events.js';

const contextStrategies: readonly ContextStrategyName[] = ['server', 'local', 'conversation'];

/** The help of the REPL. */
export const chatHelp = `commands:
  /fork                      continue on a new branch that shares everything so far
  /undo                      move the head back before your last message (its turns stay in the tree)
  /model <id>                use another model from the next message on
  /strategy <name>           context strategy: server, local or conversation
  /save [file.jsonl]         print the conversation id; with a file, export the conversation to it
  /approve <call> | /reject <call> [reason]   decide a tool call waiting for approval
  /help                      this text
  /quit                      leave (also Ctrl-D); Ctrl-C stops an answer`;

/** One `weft chat` session: the live conversation, its settings, and the slash commands. */
export class ChatSession {
  private current: TurnHandle | undefined;

  constructor(
    private readonly weft: Weft,
    private readonly store: SqliteStore,
    public convo: Conversation,
    private readonly settings: {
      -readonly [K in keyof ConversationSettings]?: ConversationSettings[K];
    },
    private readonly paint: Painter,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
  ) {}

  /** Whether an answer is being produced. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Stops the answer in progress, if any; true when there was one. */
  interrupt(): boolean {
    if (this.current === undefined) return false;
    this.current.cancel('stopped with Ctrl-C');
    return true;
  }

  /** Sends a message and renders the answer as it streams. Errors are printed, never thrown. */
  async send(text: string): Promise<void> {
    const handle = this.convo.send(text);
    this.current = handle;
    const renderer = new EventRenderer(this.paint, this.store.turns, this.write);
    try {
      for await (const event of handle.events()) await renderer.on(event);
      const result = await handle.result;
      renderer.finish();
      const usage = result.usage === null ? '' : `${result.usage.total_tokens} tokens · `;
      this.write(
        this.paint(
          'dim',
          `(${usage}${result.turns.length} turn${result.turns.length === 1 ? '' : 's'})\n`,
        ),
      );
      await this.nameAfter(text);
    } catch (error) {
      renderer.finish();
      this.error(error);
    } finally {
      this.current = undefined;
    }
  }

  /** Runs a slash command; resolves with false when the session should end. */
  async command(line: string): Promise<boolean> {
    const [name = '', ...args] = line.trim().split(/\s+/);
    const rest = line.trim().slice(name.length).trim();
    try {
      switch (name) {
        case '/quit':
        case '/exit':
          return false;
        case '/help':
          this.info(chatHelp);
          return true;
        case '/fork':
          await this.fork();
          return true;
        case '/undo':
          await this.undo();
          return true;
        case '/model':
          if (rest === '')
            this.info(`model: ${this.convo.settings.model} (change with /model <id>)`);
          else {
            this.convo.configure({ model: rest });
            this.settings.model = rest;
            this.info(`model: ${rest}`);
          }
          return true;
        case '/strategy':
          this.strategy(rest);
          return true;
        case '/save':
          await this.save(rest);
          return true;
        case '/approve':
          this.convo.approve(args[0] ?? '');
          return true;
        case '/reject':
          this.convo.reject(args[0] ?? '', args.slice(1).join(' ') || undefined);
          return true;
        default:
          this.info(`unknown command ${name}; /help lists the commands`);
          return true;
      }
    } catch (error) {
      this.error(error);
      return true;
    }
  }

  private async fork(): Promise<void> {
    const from = this.convo.id;
    const source = await run(this.store.turns.getConversation(from));
    const forked = await this.weft.fork(
      { conversationId: from },
      {
        ...this.settings,
        model: this.convo.settings.model,
        ...(source.title === null ? {} : { title: `${source.title} (fork)` }),
      },
    );
    await this.convo.close();
    this.convo = forked;
    this.info(
      `forked ${from} → ${forked.id}; you are now on the new branch (${from} is unchanged)`,
    );
  }

  /**
   * Moves the head back to where it was before the last user message, by compare-and-swap on the
   * stored head, and reopens the conversation. The undone turns stay in the tree (see
   * `weft show --tree`); a concurrent writer makes this fail with `Conflict` and change nothing.
   */
  private async undo(): Promise<void> {
    const exchanges = toExchanges(await this.convo.history());
    const last = exchanges.at(-1);
    const first = last?.turns[0];
    if (last === undefined || first === undefined) return this.info('nothing to undo');
    const record = await run(this.store.turns.getConversation(this.convo.id));
    await run(this.store.turns.setHead(record.id, record.version, first.parentId, Date.now()));
    this.convo = await this.weft.open(record.id, {
      ...this.settings,
      model: this.convo.settings.model,
    });
    this.info(
      `undid “${truncate(last.inputText, 60)}” (${last.turns.length} turn${last.turns.length === 1 ? '' : 's'} kept in the tree)`,
    );
  }

  private strategy(name: string): void {
    if (name === '')
      return this.info(
        `context strategy: ${this.convo.settings.contextStrategy} (server, local or conversation)`,
      );
    if (!(contextStrategies as readonly string[]).includes(name)) {
      return this.info(`unknown strategy '${name}'; use server, local or conversation`);
    }
    this.convo.configure({ contextStrategy: name as ContextStrategyName });
    this.settings.contextStrategy = name as ContextStrategyName;
    this.info(`context strategy: ${name}`);
  }

  private async save(file: string): Promise<void> {
    await this.convo.flush();
    if (file === '') {
      return this.info(
        `conversation ${this.convo.id} is saved in ${this.store.path}; continue with: weft chat --conversation ${this.convo.id}`,
      );
    }
    const text = await run(this.store.exportJsonl({ conversationId: this.convo.id }));
    writeFileSync(file, text);
    this.info(`exported ${this.convo.id} to ${file}`);
  }

  private async nameAfter(text: string): Promise<void> {
    const record = await run(this.store.turns.getConversation(this.convo.id));
    if (record.title !== null) return;
    await run(
      this.store.turns.updateConversation(record.id, {
        title: truncate(text, 60),
        updatedAt: Date.now(),
      }),
    );
  }

  private info(text: string): void {
    this.write(`${this.paint('dim', text)}\n`);
  }

  private error(error: unknown): void {
    this.write(`${this.paint('red', 'error:')} ${describeError(error)}\n`);
  }
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
