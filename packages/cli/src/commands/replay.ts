import { Command } from 'commander';
import type { ExecutionStrategyName, Turn } from '@weft/core';
import type { ReplayDivergence } from '@weft/replay';
import { openExistingStore, type GlobalOptions } from '../context.js';
import { CliFailure, run, tagOf } from '../errors.js';
import { out } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { withProgress } from '../output/spinner.js';

interface ExchangeOutcome {
  readonly index: number;
  readonly input: string;
  readonly status: 'matched' | 'diverged' | 'failed as recorded' | 'failed';
  readonly error?: { readonly tag: string; readonly message: string } | undefined;
}

/**
 * `weft replay <conversation>`: sends the conversation's recorded inputs again through Weft, offline,
 * answered from the recording; every request must equal the recorded one, else the command prints
 * the field-by-field diff and exits 1. Nothing is written to the database.
 */
export function replayCommand(): Command {
  return new Command('replay')
    .description(
      'replay a conversation offline against its recording; print a diff where a request diverges',
    )
    .argument('<conversation>', 'conversation id')
    .option(
      '--ignore <paths...>',
      'dotted request paths to leave out of the comparison (metadata.trace_id)',
    )
    .option('--json', 'print JSON')
    .action(async (conversationId: string, _o: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        GlobalOptions & { ignore?: string[]; json?: boolean }
      >();
      const { createWeft } = await import('@weft/core');
      const { streamStrategy } = await import('@weft/adapter-stream');
      const { createReplayClient, isReplayDivergence, toExchanges } = await import('@weft/replay');
      const { recordedTools } = await import('../replay/recorded-tools.js');
      const store = await openExistingStore(options);
      try {
        const record = await run(store.turns.getConversation(conversationId));
        if (record.headTurnId === null)
          throw new CliFailure(`Conversation ${conversationId} has no turns to replay.`);
        const chain = await run(store.turns.readChain(record.headTurnId));
        const exchanges = toExchanges(chain);
        const first = chain[0] as Turn;
        const client = await createReplayClient({
          store,
          conversationId,
          ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
        });
        const execution: ExecutionStrategyName =
          first.executionStrategy === 'stream' ? 'stream' : 'blocking';
        const tools = recordedTools(chain);
        const weft = createWeft({
          client,
          strategies: { stream: streamStrategy({ persistEvents: false }) },
          defaults: {
            model: String(first.request.params.model ?? 'recorded'),
            execution,
            contextStrategy: first.contextStrategy,
            ...(typeof first.request.params.instructions === 'string'
              ? { instructions: first.request.params.instructions }
              : {}),
            ...(tools.length === 0 ? {} : { tools }),
          },
        });
        const outcomes: ExchangeOutcome[] = [];
        const divergences: ReplayDivergence[] = [];
        await withProgress(`replaying ${exchanges.length} exchanges`, async (progress) => {
          const convo = await weft.conversation();
          for (const exchange of exchanges) {
            progress.update(`replaying exchange ${exchange.index + 1} of ${exchanges.length}`);
            const turn = exchange.turns[0] as Turn;
            const recordedError = exchange.turns.at(-1)?.error ?? null;
            try {
              await convo.send(exchange.input, { params: sendParams(turn) }).result;
              outcomes.push({
                index: exchange.index,
                input: exchange.inputText,
                status: 'matched',
              });
            } catch (error) {
              const tag = tagOf(error) ?? 'Error';
              const message =
                error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
              if (isReplayDivergence(error)) {
                divergences.push(error);
                outcomes.push({
                  index: exchange.index,
                  input: exchange.inputText,
                  status: 'diverged',
                  error: { tag, message },
                });
                break;
              }
              const status =
                recordedError !== null && recordedError.tag === tag
                  ? 'failed as recorded'
                  : 'failed';
              outcomes.push({
                index: exchange.index,
                input: exchange.inputText,
                status,
                error: { tag, message },
              });
            }
          }
          await weft.close();
        });
        for (const d of client.divergences) if (!divergences.includes(d)) divergences.push(d);
        const remaining = divergences.length === 0 ? client.remaining() : [];
        const ok =
          divergences.length === 0 &&
          remaining.length === 0 &&
          outcomes.every((o) => o.status !== 'failed');
        if (options.json === true) {
          printJson({
            conversationId,
            ok,
            served: client.served.length,
            exchanges: outcomes,
            divergences: divergences.map((d) => ({
              kind: d.kind,
              position: d.position,
              turnId: d.turnId,
              changes: d.changes,
              report: d.report,
            })),
            unserved: remaining.map((c) => ({ position: c.position, turnId: c.turn.id })),
          });
        } else {
          print(
            outcomes,
            divergences,
            remaining.map((c) => `#${c.position} (turn ${c.turn.id})`),
            client.served.length,
          );
        }
        if (!ok) process.exitCode = 1;
      } finally {
        store.close();
      }
    });
}

/** The recorded turn's parameters, minus what the conversation settings decide. */
function sendParams(turn: Turn): Record<string, unknown> {
  const {
    model: _m,
    instructions: _i,
    tools: _t,
    ...rest
  } = turn.request.params as Record<string, unknown>;
  return rest;
}

function print(
  outcomes: readonly ExchangeOutcome[],
  divergences: readonly ReplayDivergence[],
  unserved: readonly string[],
  served: number,
): void {
  const paint = out();
  for (const o of outcomes) {
    const mark =
      o.status === 'matched' || o.status === 'failed as recorded'
        ? paint('green', '✓')
        : paint('red', '✗');
    const input = o.input.length > 60 ? `${o.input.slice(0, 59)}…` : o.input;
    process.stdout.write(
      `${mark} #${o.index + 1} “${input}” ${paint('dim', o.status)}${o.error === undefined || o.status === 'diverged' ? '' : ` (${o.error.tag})`}\n`,
    );
  }
  for (const d of divergences) {
    process.stdout.write(
      `\n${paint('red', `request #${d.position} diverged (${d.kind})`)}${d.turnId === undefined ? '' : ` from recorded turn ${d.turnId}`}:\n`,
    );
    for (const line of d.report.split('\n')) process.stdout.write(`  ${colourDiff(line, paint)}\n`);
  }
  if (unserved.length > 0)
    process.stdout.write(
      `${paint('red', 'recorded calls never requested:')} ${unserved.join(', ')}\n`,
    );
  if (
    divergences.length === 0 &&
    unserved.length === 0 &&
    outcomes.every((o) => o.status !== 'failed')
  ) {
    process.stdout.write(
      `${paint('green', 'replayed')} ${served} recorded calls; every request matched the recording.\n`,
    );
  } else {
    process.stderr.write(
      'the replay diverged: fix the code, or record the conversation again if the change is intended\n',
    );
  }
}

function colourDiff(line: string, paint: ReturnType<typeof out>): string {
  if (/^\s*-/.test(line)) return paint('red', line);
  if (/^\s*\+/.test(line)) return paint('green', line);
  return line;
}
