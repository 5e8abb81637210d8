import { parseArgs } from 'node:util';
import { PROFILES, type Profile } from '../server/profile.js';

/** Parsed command line of `weft-local-server`. */
export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly profile: Profile;
  readonly scriptPath: string | undefined;
  readonly apiKey: string | undefined;
  readonly seed: string | undefined;
  readonly help: boolean;
}

/** A command line the server refuses; the bin prints the message and exits with code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Usage text. */
export const USAGE = `Usage: weft-local-server [--port N] [--host H] [--profile openai|mantle|runtime] [--script FILE] [--api-key K] [--seed S]

An offline Responses-API-compatible server with a deterministic scripted model.
  --port N        port to listen on (default 0 = any free port)
  --host H        interface to bind (default 127.0.0.1); a non-loopback host requires --api-key
  --profile P     openai (default, /v1), mantle (/v1 and /openai/v1) or runtime (/openai/v1)
  --script FILE   YAML or JSON script for the scripted model
  --api-key K     require "Authorization: Bearer K"
  --seed S        seed for ids and padding (byte-identical output across runs)
  --help          show this text`;

/** Whether a host name or address only reaches this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parse and check `argv` (without node and script). Throws {@link CliUsageError}. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        profile: { type: 'string' },
        script: { type: 'string' },
        'api-key': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`--port must be an integer from 0 to 65535, got '${values.port ?? ''}'.`);
  }
  const profile = values.profile ?? 'openai';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new CliUsageError(`--profile must be one of ${PROFILES.join(', ')}, got '${profile}'.`);
  }
  const host = values.host ?? '127.0.0.1';
  const apiKey = values['api-key'];
  if (!isLoopback(host) && (apiKey === undefined || apiKey === '')) {
    throw new CliUsageError(
      `Refusing to listen on non-loopback host '${host}' without an API key: anyone on the network could use the server. Pass --api-key <key> or bind 127.0.0.1.`,
    );
  }
  return {
    port,
    host,
    profile: profile as Profile,
    scriptPath: values.script,
    apiKey,
    seed: values.seed,
    help: values.help === true,
  };
}
