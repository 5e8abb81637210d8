/**
 * Secrets never reach a logger: every record passes through {@link redactingLogger} first.
 *
 * @module
 */
import { redactSecrets } from '../client/redact.js';
import { logLevelRank, type LogFields, type LogLevel, type Logger } from './logger.js';

/** Key names (lowercased, without `-` and `_`) whose values are credentials; matched at the end of a key. */
const secretKeySuffixes: readonly string[] = [
  'apikey',
  'authorization',
  'token',
  'secret',
  'password',
  'passwd',
  'cookie',
  'headers',
  'credential',
  'credentials',
  'accesskeyid',
  'signature',
];

/** True when a field named `key` holds a credential and must not be written. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return secretKeySuffixes.some((suffix) => normalized.endsWith(suffix));
}

const maxDepth = 6;

/**
 * A copy of `value` with credential-named keys replaced by `[redacted]` and every string run
 * through `redactSecrets` (the given secrets, bearer tokens, API-key shapes). Errors become
 * `{ name, _tag, message }`; cycles and deep nesting are cut.
 */
export function redactValue(
  value: unknown,
  secrets: readonly string[],
  depth = 0,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= maxDepth) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const tag = (value as { _tag?: unknown })._tag;
    return {
      name: value.name,
      ...(typeof tag === 'string' ? { _tag: tag } : {}),
      message: redactSecrets(value.message, secrets),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? '[redacted]' : redactValue(v, secrets, depth + 1, seen);
  }
  return out;
}

/** Options of {@link redactingLogger}. */
export interface RedactingLoggerOptions {
  /** Exact strings to remove wherever they appear (the configured API key). */
  readonly secrets?: readonly string[] | undefined;
  /** The lowest level passed on. Default `debug` (the wrapped logger filters further). */
  readonly level?: LogLevel | undefined;
}

/**
 * Wraps a logger so that no record carries a secret: keys such as `apiKey`, `authorization`,
 * `token` and `headers` are replaced by `[redacted]`, and strings (the message included) lose the
 * given secrets and anything shaped like a bearer token or API key. Weft wraps every logger it is
 * given this way.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const logger = redactingLogger(consoleLogger(), { secrets: [process.env.OPENAI_API_KEY ?? ''] });
 * logger.info({ headers: { authorization: 'Bearer x' } }, 'never shows the header');
 * ```
 */
export function redactingLogger(logger: Logger, options: RedactingLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const min = logLevelRank[options.level ?? 'debug'];
  const write =
    (level: LogLevel) =>
    (obj: LogFields, msg: string): void => {
      if (logLevelRank[level] < min) return;
      const fields = redactValue(obj, secrets) as LogFields;
      logger[level](fields, redactSecrets(msg, secrets));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
