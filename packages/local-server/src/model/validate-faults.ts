/** Checks the `faults` of a script rule or of its defaults. */
import {
  at,
  booleanAt,
  definedOnly,
  fieldsAt,
  integerAt,
  numberAt,
  oneOfAt,
  optional,
  stringAt,
} from './check-value.js';
import type { FaultSpec } from './types.js';

const faultKeys = [
  'status',
  'retryAfterSeconds',
  'times',
  'delayFirstMs',
  'delayBetweenMs',
  'dropAfterEvents',
  'malformedAt',
  'truncateBody',
  'forgetPrevious',
  'background',
  'unsupportedRoute',
  'dataFirst',
  'omitSequenceNumber',
  'reuseCallIds',
  'failWith',
] as const;

const backgroundModes = ['stall', 'fail', 'incomplete', 'slow'] as const;

/** Validates a {@link FaultSpec}; unknown keys are errors so a typo cannot silently disable a fault. */
export function checkFaults(value: unknown, path: string): FaultSpec {
  const f = fieldsAt(value, path, faultKeys, 'an object of faults');
  const int = (min: number, max?: number) => (v: unknown, p: string) => integerAt(v, p, min, max);
  return definedOnly<FaultSpec>({
    status: optional(f, 'status', path, int(400, 599)),
    retryAfterSeconds: optional(f, 'retryAfterSeconds', path, (v, p) => numberAt(v, p, 0)),
    times: optional(f, 'times', path, int(1)),
    delayFirstMs: optional(f, 'delayFirstMs', path, (v, p) => numberAt(v, p, 0)),
    delayBetweenMs: optional(f, 'delayBetweenMs', path, (v, p) => numberAt(v, p, 0)),
    dropAfterEvents: optional(f, 'dropAfterEvents', path, int(0)),
    malformedAt: optional(f, 'malformedAt', path, int(0)),
    truncateBody: optional(f, 'truncateBody', path, booleanAt),
    forgetPrevious: optional(f, 'forgetPrevious', path, booleanAt),
    background: optional(f, 'background', path, (v, p) => oneOfAt(v, p, backgroundModes)),
    unsupportedRoute: optional(f, 'unsupportedRoute', path, booleanAt),
    dataFirst: optional(f, 'dataFirst', path, booleanAt),
    omitSequenceNumber: optional(f, 'omitSequenceNumber', path, booleanAt),
    reuseCallIds: optional(f, 'reuseCallIds', path, booleanAt),
    failWith: optional(f, 'failWith', path, (v, p) => {
      const fw = fieldsAt(v, p, ['code', 'message'], 'an object { code, message }');
      return {
        code: stringAt(fw['code'], at(p, 'code'), { nonEmpty: true }),
        message: stringAt(fw['message'], at(p, 'message'), { nonEmpty: true }),
      };
    }),
  });
}
