/**
 * The logger port: structured records (`obj`, then a message) at four levels.
 *
 * @module
 */

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of one record. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where Weft writes its logs: fields first, then a short message, the argument order of pino.
 * Bring any implementation; {@link consoleLogger} and {@link pinoLogger} are provided.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const logger: Logger = { debug() {}, info: (obj, msg) => console.log(msg, obj), warn() {}, error() {} };
 * ```
 */
export interface Logger {
  debug(obj: LogFields, msg: string): void;
  info(obj: LogFields, msg: string): void;
  warn(obj: LogFields, msg: string): void;
  error(obj: LogFields, msg: string): void;
}

/** Numeric rank of each level; a logger set to a level drops records ranked below it. */
export const logLevelRank: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** A logger that drops every record (the default). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** The lowest level written. Default `info`. */
  readonly level?: LogLevel | undefined;
  /** Where lines go. Default: the global `console`. */
  readonly console?: Pick<Console, 'debug' | 'info' | 'warn' | 'error'> | undefined;
}

/**
 * A logger that writes one JSON line per record to the console (`{ level, msg, ...fields }`).
 * Weft redacts secrets before a record reaches any logger.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * const weft = createWeft({ client, telemetry: { logger: consoleLogger({ level: 'debug' }) } });
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const min = logLevelRank[options.level ?? 'info'];
  const out = options.console ?? console;
  const write =
    (level: LogLevel) =>
    (obj: LogFields, msg: string): void => {
      if (logLevelRank[level] < min) return;
      out[level](JSON.stringify({ level, msg, ...obj }));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
