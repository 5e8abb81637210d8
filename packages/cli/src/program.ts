/**
 * The `weft` command line: commander wiring, global options, and the one place errors become a
 * line on standard error and an exit code.
 *
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { chatCommand } from './commands/chat.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand } from './commands/export.js';
import { forkCommand } from './commands/fork.js';
import { importCommand } from './commands/import.js';
import { jobsCommand } from './commands/jobs.js';
import { lsCommand } from './commands/ls.js';
import { migrateCommand } from './commands/migrate.js';
import { replayCommand } from './commands/replay.js';
import { rerunCommand } from './commands/rerun.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { disableColour, err } from './output/colour.js';
import { describeError, exitCodeOf, ExitCode } from './errors.js';
import { endpointKinds } from './context.js';

const version = '0.1.0';

/** Builds the `weft` program with every command. */
export function createProgram(): Command {
  const program = new Command('weft')
    .description(
      'Conversations over the OpenAI Responses API: chat, run workflows, inspect, fork, replay, export and serve.',
    )
    .version(version, '-V, --version')
    .option('--db <file>', 'the database (default: $WEFT_DB or ./weft.db)')
    .addOption(
      new Option(
        '--endpoint <kind>',
        'which endpoint to use (default: $WEFT_ENDPOINT or auto)',
      ).choices([...endpointKinds]),
    )
    .option('--model <id>', 'the model (default: $WEFT_MODEL, else per endpoint)')
    .option('--no-color', 'no colour even on a terminal (NO_COLOR is also respected)')
    .option('--debug', 'print stack traces of errors')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (thisCommand) => {
      if (thisCommand.opts<{ color?: boolean }>().color === false) disableColour();
    });
  for (const command of [
    chatCommand(),
    runCommand(),
    lsCommand(),
    showCommand(),
    forkCommand(),
    replayCommand(),
    rerunCommand(),
    exportCommand(),
    importCommand(),
    jobsCommand(),
    serveCommand(),
    doctorCommand(),
    migrateCommand(),
  ]) {
    program.addCommand(command);
  }
  applyErrorHandling(program);
  return program;
}

/** Every command throws instead of exiting and writes usage errors as one line. */
function applyErrorHandling(command: Command): void {
  command.exitOverride();
  command.configureOutput({
    outputError: (text, write) => {
      const line =
        text
          .replace(/^error: /, '')
          .split('\n')[0]
          ?.trim() ?? text;
      write(`${err()('red', 'weft:')} ${line}. Run '${commandPath(command)} --help' for usage.\n`);
    },
  });
  for (const sub of command.commands) applyErrorHandling(sub);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Runs `weft` with `argv` (user arguments only) and resolves with the exit code. Errors are printed
 * as one line (`weft: …`), with the stack only under `--debug`.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.ok;
      }
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    process.stderr.write(`${err()('red', 'weft:')} ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
