import { randomBytes } from 'node:crypto';
import type { Sentinels } from './contract.js';

/** Fresh sentinel secrets: random, so a hit in the scan can only come from this run. */
export function makeSentinels(): Sentinels {
  return {
    apiKey: `sk-weft-sentinel-${randomBytes(16).toString('hex')}`,
    token: `weft-token-${randomBytes(16).toString('hex')}`,
  };
}
