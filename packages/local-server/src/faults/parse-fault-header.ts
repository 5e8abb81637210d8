import type { FaultSpec } from '../model/types.js';
import { InvalidFaultSpec, validateFaultSpec } from './validate-fault-spec.js';

/** The request header that carries a per-request fault. */
export const FAULT_HEADER = 'x-weft-fault';

const ALIASES: Readonly<Record<string, string>> = {
  retryAfter: 'retryAfterSeconds',
  delay: 'delayFirstMs',
  delayFirst: 'delayFirstMs',
  delayBetween: 'delayBetweenMs',
  dropAfter: 'dropAfterEvents',
  malformed: 'malformedAt',
};

function parseCompactValue(key: string, raw: string): unknown {
  if (key === 'failWith') {
    const colon = raw.indexOf(':');
    return colon === -1
      ? { code: raw, message: `Injected failure: ${raw}.` }
      : { code: raw.slice(0, colon), message: raw.slice(colon + 1) };
  }
  if (key === 'background') return raw;
  if (raw === 'true' || raw === '') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  if (Number.isNaN(n)) throw new InvalidFaultSpec(`Fault field '${key}' has a value '${raw}' that is not a number.`);
  return n;
}

/**
 * Parse the `x-weft-fault` header: either JSON (`{"status":429,"retryAfterSeconds":1}`) or the
 * compact `k=v;k=v` form (`status=429;retryAfterSeconds=1`, `failWith=server_error:Boom`,
 * `dataFirst` alone means true).
 * @since 0.1.0
 */
export function parseFaultHeader(value: string): FaultSpec {
  const text = value.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InvalidFaultSpec(`The ${FAULT_HEADER} header is not valid JSON.`);
    }
    return validateFaultSpec(parsed);
  }
  const spec: Record<string, unknown> = {};
  for (const part of text.split(/[;,]/)) {
    const piece = part.trim();
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawKey = (eq === -1 ? piece : piece.slice(0, eq)).trim();
    const key = ALIASES[rawKey] ?? rawKey;
    spec[key] = parseCompactValue(key, eq === -1 ? '' : piece.slice(eq + 1).trim());
  }
  return validateFaultSpec(spec);
}
