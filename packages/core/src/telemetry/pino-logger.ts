/**
 * An adapter from a pino logger to Weft's {@link Logger} port. It needs no import of pino: any object
 * with pino's `debug/info/warn/error(obj, msg)` methods fits, so pino stays an optional peer.
 *
 * @module
 */
import type { LogFields, Logger } from './logger.js';

/** The part of a pino logger Weft calls. */
export interface PinoLike {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Writes Weft's records through a pino logger; its level, transports and formatters apply.
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * import pino from 'pino';
 * const weft = createWeft({ client, telemetry: { logger: pinoLogger(pino({ level: 'debug' })) } });
 * ```
 */
export function pinoLogger(pino: PinoLike): Logger {
  return {
    debug: (obj: LogFields, msg: string) => pino.debug({ ...obj }, msg),
    info: (obj: LogFields, msg: string) => pino.info({ ...obj }, msg),
    warn: (obj: LogFields, msg: string) => pino.warn({ ...obj }, msg),
    error: (obj: LogFields, msg: string) => pino.error({ ...obj }, msg),
  };
}
