#!/usr/bin/env node
/**
 * `weft-local-server`: start the local Responses server from the command line.
 *
 * @module
 */
import { CliUsageError, USAGE, parseCliArgs } from './cli/parse-cli-args.js';
import { loadScript } from './model/index.js';
import { startLocalServer } from './server/start-local-server.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`weft-local-server: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let script;
  try {
    script = options.scriptPath === undefined ? undefined : loadScript(options.scriptPath);
  } catch (error) {
    process.stderr.write(`weft-local-server: cannot load script: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const server = await startLocalServer({
    port: options.port,
    host: options.host,
    profile: options.profile,
    script,
    apiKey: options.apiKey,
    seed: options.seed,
  });
  // Handlers go in before the line is printed: whoever reads the line may signal at once.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`weft-local-server listening on ${server.url} (profile ${server.profile}); baseURL ${server.baseURL}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`weft-local-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
