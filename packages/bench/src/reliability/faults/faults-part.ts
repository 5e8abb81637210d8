import type { ExecutionStrategyName } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import type { ReliabilityPart } from '../contract.js';
import { faultCases } from './fault-cases.js';
import { untriedFaultFields } from './fault-coverage.js';
import { describe, runFaultCase } from './run-fault-case.js';

const strategies: readonly ExecutionStrategyName[] = ['blocking', 'stream', 'background'];

/**
 * Every local-server fault × every execution strategy, against a server that requires the
 * sentinel API key and a SQLite store on a file in the work dir.
 */
export const faultsPart: ReliabilityPart = {
  name: 'faults',
  async run(context) {
    const untried = untriedFaultFields(faultCases);
    for (const field of untried)
      context.violation('faults_unhandled', `no case tries the fault field ${field}`);
    const server = await startLocalServer({ apiKey: context.sentinels.apiKey, seed: context.seed });
    let tried = 0;
    let unhandled = untried.length;
    try {
      for (const c of faultCases) {
        for (const strategy of strategies) {
          tried++;
          const outcome = await runFaultCase(c, strategy, {
            server,
            workDir: context.workDir,
            apiKey: context.sentinels.apiKey,
            token: context.sentinels.token,
            sendLimitMs: 20_000,
            observe: (text) => context.observe(text),
          });
          context.log(`${c.name} × ${strategy}: ${describe(outcome)}`);
          if (outcome.kind === 'unhandled') {
            unhandled++;
            context.violation('faults_unhandled', `${c.name} × ${strategy}: ${outcome.detail}`);
          }
        }
      }
    } finally {
      await server.close();
    }
    return { faults_tried: tried, faults_unhandled: unhandled };
  },
};
