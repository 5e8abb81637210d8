import { describe, expect, it } from 'vitest';
import { parseFaultHeader } from './parse-fault-header.js';
import { FaultRegistry } from './fault-registry.js';
import { InvalidFaultSpec } from './validate-fault-spec.js';

describe('parseFaultHeader', () => {
  it('reads JSON', () => {
    expect(parseFaultHeader('{"status":429,"retryAfterSeconds":2}')).toEqual({ status: 429, retryAfterSeconds: 2 });
  });

  it('reads the compact form with aliases, flags and failWith', () => {
    expect(parseFaultHeader('status=503; retryAfter=1; times=2')).toEqual({ status: 503, retryAfterSeconds: 1, times: 2 });
    expect(parseFaultHeader('dataFirst;omitSequenceNumber=true;reuseCallIds=false')).toEqual({ dataFirst: true, omitSequenceNumber: true, reuseCallIds: false });
    expect(parseFaultHeader('failWith=server_error:It broke')).toEqual({ failWith: { code: 'server_error', message: 'It broke' } });
    expect(parseFaultHeader('background=stall')).toEqual({ background: 'stall' });
    expect(parseFaultHeader('dropAfter=3;malformed=2;delay=5;delayBetween=1')).toEqual({ dropAfterEvents: 3, malformedAt: 2, delayFirstMs: 5, delayBetweenMs: 1 });
  });

  it('rejects unknown fields and bad values', () => {
    expect(() => parseFaultHeader('nope=1')).toThrow(InvalidFaultSpec);
    expect(() => parseFaultHeader('status=abc')).toThrow(InvalidFaultSpec);
    expect(() => parseFaultHeader('status=200')).toThrow(/400–599/);
    expect(() => parseFaultHeader('background=sometimes')).toThrow(InvalidFaultSpec);
    expect(() => parseFaultHeader('{"failWith":{"code":1}}')).toThrow(InvalidFaultSpec);
  });
});

describe('FaultRegistry', () => {
  it('merges the standing fault with the queue head, queue entries being one-shot', () => {
    const registry = new FaultRegistry({ dataFirst: true });
    registry.push({ status: 500 });
    expect(registry.draw()).toEqual({ dataFirst: true, status: 500 });
    expect(registry.draw()).toEqual({ dataFirst: true });
  });

  it('starts with queued faults from an array and honours times', () => {
    const registry = new FaultRegistry([{ status: 429, times: 2 }]);
    expect(registry.draw()).toEqual({ status: 429, times: 2 });
    expect(registry.draw()).toEqual({ status: 429, times: 2 });
    expect(registry.draw()).toBeUndefined();
  });
});
