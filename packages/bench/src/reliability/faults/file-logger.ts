import { appendFileSync } from 'node:fs';
import type { LogFields, Logger, LogLevel } from '@weft/core';

/**
 * A Weft logger writing one JSON line per record to a file, so the secret scan reads every log
 * record the suite produced.
 */
export function fileLogger(path: string): Logger {
  const write =
    (level: LogLevel) =>
    (obj: LogFields, msg: string): void => {
      appendFileSync(path, `${JSON.stringify({ level, msg, ...obj }, safeReplacer())}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** JSON.stringify replacer that survives cycles and bigints in log fields. */
function safeReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet();
  return (_key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[cycle]';
      seen.add(value);
    }
    return value;
  };
}
