import type { FaultSpec } from '../model/types.js';

const NUMBER_FIELDS = [
  'status',
  'retryAfterSeconds',
  'times',
  'delayFirstMs',
  'delayBetweenMs',
  'dropAfterEvents',
  'malformedAt',
] as const;
const BOOLEAN_FIELDS = [
  'truncateBody',
  'forgetPrevious',
  'unsupportedRoute',
  'dataFirst',
  'omitSequenceNumber',
  'reuseCallIds',
] as const;
const BACKGROUND_MODES = ['stall', 'fail', 'incomplete', 'slow'] as const;

/** Every key a {@link FaultSpec} may have. */
export const FAULT_KEYS: ReadonlySet<string> = new Set<string>([
  ...NUMBER_FIELDS,
  ...BOOLEAN_FIELDS,
  'background',
  'failWith',
]);

/** Thrown for a fault description that is not a valid {@link FaultSpec}. */
export class InvalidFaultSpec extends Error {
  override readonly name = 'InvalidFaultSpec';
}

/** Check an unknown value (parsed JSON, a script rule) and return it as a {@link FaultSpec}. *
 * @since 0.1.0
 */
export function validateFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidFaultSpec('A fault must be a JSON object such as {"status":429,"retryAfterSeconds":1}.');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FAULT_KEYS.has(key)) {
      throw new InvalidFaultSpec(`Unknown fault field '${key}'. Known fields: ${[...FAULT_KEYS].join(', ')}.`);
    }
  }
  for (const key of NUMBER_FIELDS) {
    const v = record[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new InvalidFaultSpec(`Fault field '${key}' must be a non-negative number.`);
    }
  }
  const status = record['status'];
  if (typeof status === 'number' && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw new InvalidFaultSpec(`Fault field 'status' must be an HTTP error status (400–599), got ${status}.`);
  }
  for (const key of BOOLEAN_FIELDS) {
    const v = record[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new InvalidFaultSpec(`Fault field '${key}' must be true or false.`);
    }
  }
  const background = record['background'];
  if (background !== undefined && !(BACKGROUND_MODES as readonly unknown[]).includes(background)) {
    throw new InvalidFaultSpec(`Fault field 'background' must be one of ${BACKGROUND_MODES.join(', ')}.`);
  }
  const failWith = record['failWith'];
  if (failWith !== undefined) {
    const f = failWith as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null || typeof f['code'] !== 'string' || typeof f['message'] !== 'string') {
      throw new InvalidFaultSpec(`Fault field 'failWith' must be {"code": string, "message": string}.`);
    }
  }
  return record as FaultSpec;
}
