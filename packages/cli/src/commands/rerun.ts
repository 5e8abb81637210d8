import { Command, Option } from 'commander';
import type { ExecutionStrategyName } from '@weft/core';
import type { ComparisonReport, Delta } from '@weft/replay';
import { makeWeft, openExistingStore, resolveEndpoint, type GlobalOptions } from '../context.js';
import { CliFailure, run, UsageError } from '../errors.js';
import { out } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { withProgress } from '../output/spinner.js';
import { renderTable } from '../output/table.js';

interface RerunCommandOptions extends GlobalOptions {
  readonly model?: string | undefined;
  readonly from?: number | undefined;
  readonly instructions?: string | undefined;
  readonly execution?: ExecutionStrategyName | undefined;
  readonly json?: boolean | undefined;
  readonly markdown?: boolean | undefined;
}

/**
 * `weft rerun <conversation> --model <id>`: re-sends the conversation's inputs to another model as
 * a new branch of the same tree (tools answer with their recorded outputs), then prints the
 * comparison table.
 */
export function rerunCommand(): Command {
  return new Command('rerun')
    .description(
      "re-send a conversation's inputs with another model as a new branch, and compare the two",
    )
    .argument('<conversation>', 'conversation id')
    .addHelpText(
      'after',
      '\nThe model to re-run with is the global --model option: weft rerun conv_1 --model gpt-5.4',
    )
    .option(
      '--from <n>',
      'first exchange to re-run (1 = the first message); earlier ones stay shared',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
          throw new UsageError(`--from must be a positive integer, got '${v}'.`);
        return n;
      },
    )
    .option('--instructions <text>', 'other system instructions')
    .addOption(
      new Option('--execution <name>', 'how turns run').choices([
        'stream',
        'blocking',
        'background',
      ]),
    )
    .option('--markdown', 'print the comparison as Markdown')
    .option('--json', 'print JSON')
    .action(async (conversationId: string, _o: unknown, command: Command) => {
      const options = command.optsWithGlobals<RerunCommandOptions>();
      const { compareBranches, renderComparisonMarkdown, rerunBranch } =
        await import('@weft/replay');
      const { recordedTools } = await import('../replay/recorded-tools.js');
      if (options.model === undefined)
        throw new UsageError(
          'Pass the model to re-run with: weft rerun <conversation> --model <id>.',
        );
      const store = await openExistingStore(options);
      try {
        const record = await run(store.turns.getConversation(conversationId));
        if (record.headTurnId === null)
          throw new CliFailure(`Conversation ${conversationId} has no turns to re-run.`);
        const chain = await run(store.turns.readChain(record.headTurnId));
        const endpoint = await resolveEndpoint(options);
        const weft = await makeWeft(endpoint, store);
        const tools = recordedTools(chain);
        try {
          const result = await withProgress(
            `re-running ${conversationId} on ${options.model}`,
            () =>
              rerunBranch({
                weft,
                source: { conversationId },
                fromExchange: (options.from ?? 1) - 1,
                settings: {
                  model: options.model,
                  ...(options.instructions === undefined
                    ? {}
                    : { instructions: options.instructions }),
                  ...(tools.length === 0 ? {} : { tools }),
                  ...(options.execution === undefined
                    ? {}
                    : { conversation: { execution: options.execution } }),
                },
              }),
          );
          await weft.close();
          const report = await compareBranches(store, {
            original: { conversationId },
            rerun: { conversationId: result.conversationId },
          });
          const failed = result.exchanges.filter((e) => e.error !== undefined);
          if (options.json === true) {
            printJson({
              rerun: {
                conversationId: result.conversationId,
                headTurnId: result.headTurnId,
                forkTurnId: result.forkTurnId,
                errors: failed.map((e) => ({ index: e.index, ...e.error })),
              },
              report,
            });
          } else if (options.markdown === true) {
            process.stdout.write(renderComparisonMarkdown(report));
          } else {
            printReport(report, result.conversationId);
            for (const e of failed)
              process.stderr.write(`exchange #${e.index + 1} failed: ${e.error?.message ?? ''}\n`);
          }
          if (failed.length > 0) process.exitCode = 1;
        } finally {
          await weft.close();
          await endpoint.close();
        }
      } finally {
        store.close();
      }
    });
}

const signed = (d: Delta): string =>
  `${d.original} → ${d.rerun} (${d.delta >= 0 ? '+' : ''}${d.delta})`;

function printReport(report: ComparisonReport, conversationId: string): void {
  const paint = out();
  process.stdout.write(
    `${paint('bold', 'original')} ${report.original.models.join(', ') || '?'}  ${paint('bold', 'rerun')} ${report.rerun.models.join(', ') || '?'} → ${paint('cyan', conversationId)}\n\n`,
  );
  process.stdout.write(
    renderTable(
      [
        { header: '#', align: 'right' },
        { header: 'INPUT', max: 32 },
        { header: 'TEXT' },
        { header: 'TOOL CALLS' },
        { header: 'TOKENS' },
        { header: 'LATENCY MS' },
        { header: 'STATUS' },
      ],
      report.exchanges.map((e) => {
        const calls = e.toolCalls;
        const callsSame =
          calls.changed.length === 0 &&
          calls.onlyOriginal.length === 0 &&
          calls.onlyRerun.length === 0;
        return [
          String(e.index + 1),
          e.inputText,
          e.textSame ? paint('green', 'same') : paint('yellow', 'differs'),
          callsSame
            ? `${calls.same} same`
            : paint('yellow', `${calls.original.length} → ${calls.rerun.length}`),
          signed(e.tokens.total),
          signed({
            ...e.latencyMs,
            original: Math.round(e.latencyMs.original),
            rerun: Math.round(e.latencyMs.rerun),
            delta: Math.round(e.latencyMs.delta),
          }),
          e.status.original === e.status.rerun
            ? (e.status.rerun ?? '')
            : `${e.status.original ?? '-'} → ${e.status.rerun ?? '-'}`,
        ];
      }),
      (t) => paint('dim', t),
    ),
  );
  const s = report.summary;
  process.stdout.write(
    `\n${s.exchanges} exchanges: ${s.textsDiffering} texts differ, ${s.toolCallsDiffering} tool-call sets differ; tokens ${signed(s.tokens.total)}\n`,
  );
  process.stderr.write(`see both branches: weft show ${conversationId} --tree\n`);
}
