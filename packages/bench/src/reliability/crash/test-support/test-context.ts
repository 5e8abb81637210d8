/** A reliability context for tests of one part: a temp work dir, and everything reported kept. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReliabilityContext, ReliabilityFigures } from '../../contract.js';

export interface RecordingContext extends ReliabilityContext {
  readonly logs: string[];
  readonly observed: string[];
  readonly violations: { key: keyof ReliabilityFigures; detail: string }[];
}

export function testContext(seed: number): RecordingContext {
  const logs: string[] = [];
  const observed: string[] = [];
  const violations: RecordingContext['violations'] = [];
  return {
    full: false,
    seed,
    workDir: mkdtempSync(join(tmpdir(), 'weft-reliability-')),
    sentinels: { apiKey: 'sk-sentinel-test-0000', token: 'tok-sentinel-test-0000' },
    logs,
    observed,
    violations,
    log: (message) => logs.push(message),
    observe: (text) => observed.push(text),
    violation: (key, detail) => violations.push({ key, detail }),
  };
}
