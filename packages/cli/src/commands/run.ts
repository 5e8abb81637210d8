import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import type { RunResult, WorkflowRun, WorkflowRunner } from '@weft/workflow';
import { makeWeft, openStore, resolveEndpoint, type GlobalOptions } from '../context.js';
import { describeError, tagOf, UsageError } from '../errors.js';
import { out } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { renderTable, shortTime } from '../output/table.js';
import { parseJsonOption } from './shared.js';

interface RunOptions extends GlobalOptions {
  readonly input?: string | undefined;
  readonly resume?: string | undefined;
  readonly step?: string | undefined;
  readonly tools?: string | undefined;
  readonly list?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `weft run <workflow.yaml>`: runs a workflow with a live step-by-step view. At a wait step it asks
 * for the payload on a terminal, or stops and prints how to resume (`--resume <run> --input <json>`).
 */
export function runCommand(): Command {
  return new Command('run')
    .description('run a workflow (YAML or JSON) with a live step-by-step view; resume a stored run')
    .argument('[workflow]', 'the workflow file')
    .option(
      '--input <json>',
      'the run input when starting; the payload of the waiting step with --resume',
    )
    .option('--resume <run>', 'continue a stored run')
    .option('--step <name>', 'the waiting step --input is for (when several wait)')
    .option('--tools <module>', 'a .js/.mjs module exporting the tools tool steps call')
    .option('--list', 'list stored runs')
    .option('--json', 'print JSON (with --list, or the result)')
    .action(async (file: string | undefined, _o: unknown, command: Command) => {
      const options = command.optsWithGlobals<RunOptions>();
      const { createWorkflowRunner, parseWorkflowYaml } = await import('@weft/workflow');
      const { describeWorkflowEvent } = await import('../workflow/run-view.js');
      const { loadTools } = await import('../tools.js');
      if (options.list === true) return listRuns(options);
      if (file === undefined && options.resume === undefined) {
        throw new UsageError(
          'Pass a workflow file (weft run flow.yaml) or a run to resume (--resume <run>).',
        );
      }
      let definition;
      if (file !== undefined) {
        if (!existsSync(file)) throw new UsageError(`No workflow file at ${file}.`);
        definition = parseWorkflowYaml(readFileSync(file, 'utf8'));
      }
      const tools = options.tools === undefined ? [] : await loadTools(options.tools);
      const store = await openStore(options);
      const endpoint = await resolveEndpoint(options);
      const weft = await makeWeft(endpoint, store);
      const paint = out();
      const onEvent = (event: Parameters<typeof describeWorkflowEvent>[0]): void => {
        if (options.json === true) return;
        const line = describeWorkflowEvent(event, paint);
        if (line !== undefined) process.stdout.write(`${line}\n`);
      };
      const runner = createWorkflowRunner({ weft, tools, onEvent });
      try {
        let payload = options.resume === undefined ? undefined : options.input;
        const run =
          options.resume !== undefined
            ? await runner.resume(options.resume)
            : await runner.start(
                definition as NonNullable<typeof definition>,
                options.input === undefined ? {} : parseJsonOption('--input', options.input),
              );
        const result = await drive(
          run,
          runner,
          () => {
            const given = payload;
            payload = undefined;
            return given;
          },
          options,
        );
        if (result === undefined) return;
        if (options.json === true) printJson(result);
        if (result.status === 'failed') process.exitCode = 1;
      } finally {
        await runner.close();
        await weft.close();
        await endpoint.close();
        store.close();
      }
    });
}

/** Runs until the end, asking for (or taking) each wait step's payload; undefined when it stopped to wait. */
async function drive(
  run: WorkflowRun,
  runner: WorkflowRunner,
  given: () => string | undefined,
  options: RunOptions,
): Promise<RunResult | undefined> {
  let settled = false;
  void run.result.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    while (!settled && run.status !== 'waiting') await new Promise((r) => setTimeout(r, 25));
    if (settled) return run.result;
    const waiting = run.waiting;
    const step =
      options.step !== undefined && waiting.some((w) => w.step === options.step)
        ? options.step
        : waiting[0]?.step;
    const at = waiting.find((w) => w.step === step);
    let text = given();
    if (text === undefined && process.stdin.isTTY === true && process.stdout.isTTY === true)
      text = await ask(at?.step ?? '', at?.prompt, at?.schema);
    if (text === undefined || text === '') {
      const hint = `weft run --resume ${run.id}${waiting.length > 1 ? ` --step ${step ?? ''}` : ''} --input '<json>'`;
      if (options.json === true) printJson({ runId: run.id, status: 'waiting', waiting });
      else
        process.stdout.write(
          `run ${run.id} waits at ${waiting.map((w) => w.step).join(', ')}; continue with: ${hint}\n`,
        );
      await runner.close();
      return undefined;
    }
    try {
      await run.send({
        ...(step === undefined ? {} : { step }),
        payload: parseJsonOption('--input', text),
      });
    } catch (error) {
      if (tagOf(error) !== 'InvalidPayload' || process.stdin.isTTY !== true) throw error;
      process.stdout.write(`${describeError(error)}\n`);
    }
  }
}

async function ask(
  step: string,
  prompt: string | undefined,
  schema: unknown,
): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    process.stdout.write(
      `${prompt ?? `step ${step} waits for input`}\n${schema === undefined ? '' : `  schema: ${JSON.stringify(schema)}\n`}`,
    );
    return (await rl.question(`${step} (JSON, empty to stop)> `)).trim();
  } finally {
    rl.close();
  }
}

async function listRuns(options: RunOptions): Promise<void> {
  const { createWeft } = await import('@weft/core');
  const { createWorkflowRunner } = await import('@weft/workflow');
  const store = await openStore(options);
  const weft = createWeft({
    client: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'unused' },
    store,
    defaults: { model: 'unused' },
  });
  try {
    const runs = await createWorkflowRunner({ weft }).list();
    if (options.json === true) return printJson({ items: runs });
    if (runs.length === 0) return void process.stderr.write('No workflow runs.\n');
    const paint = out();
    process.stdout.write(
      renderTable(
        [
          { header: 'RUN' },
          { header: 'WORKFLOW' },
          { header: 'STATUS' },
          { header: 'WAITING AT' },
          { header: 'STARTED' },
        ],
        runs.map((r) => [
          paint('cyan', r.runId),
          `${r.workflowId} v${r.version}`,
          r.status,
          r.waitingAt.join(', '),
          shortTime(r.startedAt),
        ]),
        (t) => paint('dim', t),
      ),
    );
  } finally {
    await weft.close();
    store.close();
  }
}
