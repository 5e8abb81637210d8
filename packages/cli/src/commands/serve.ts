import { Command, Option } from 'commander';
import type { Profile } from '@weft/local-server';

const PROFILES: readonly Profile[] = ['openai', 'mantle', 'runtime'];
import { UsageError } from '../errors.js';

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly profile: Profile;
  readonly script?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly seed?: string | undefined;
}

const isLoopback = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
};

/** `weft serve`: the local Responses server, with the flags of `weft-local-server`. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the offline local Responses server (same flags as weft-local-server)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option(
      '--host <host>',
      'interface to bind; a non-loopback host requires --api-key',
      '127.0.0.1',
    )
    .addOption(
      new Option('--profile <profile>', 'which service to imitate')
        .choices([...PROFILES])
        .default('openai'),
    )
    .option('--script <file>', 'YAML or JSON script for the scripted model')
    .option('--api-key <key>', 'require "Authorization: Bearer <key>"')
    .option('--seed <seed>', 'seed for ids (byte-identical output across runs)')
    .action(async (options: ServeOptions) => {
      const { loadScript, startLocalServer } = await import('@weft/local-server');
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be an integer from 0 to 65535, got '${options.port}'.`);
      }
      if (!isLoopback(options.host) && (options.apiKey === undefined || options.apiKey === '')) {
        throw new UsageError(
          `Refusing to listen on non-loopback host '${options.host}' without an API key; pass --api-key <key> or bind 127.0.0.1.`,
        );
      }
      let script;
      try {
        script = options.script === undefined ? undefined : loadScript(options.script);
      } catch (error) {
        throw new UsageError(
          `cannot load --script ${options.script ?? ''}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        );
      }
      const server = await startLocalServer({
        port,
        host: options.host,
        profile: options.profile,
        script,
        apiKey: options.apiKey,
        seed: options.seed,
      });
      // Handlers go in before the line is printed: whoever reads the line may signal at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write(
        `weft serve: listening on ${server.url} (profile ${server.profile}); baseURL ${server.baseURL}\n`,
      );
      process.stderr.write(
        `point clients at it: OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=${options.apiKey === undefined ? 'local' : '<your key>'}; stop with Ctrl-C\n`,
      );
      await stopped;
      process.stderr.write('weft serve: stopped\n');
    });
}
