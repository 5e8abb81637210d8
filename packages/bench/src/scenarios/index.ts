import type { Scenario } from '../scenario.js';
import { agentsJsComparison } from './agents-js.js';
import { backgroundJobs } from './background-jobs.js';
import { streamTurnOverhead, turnOverhead } from './core-turn-overhead.js';
import { idleMachines } from './idle-machines.js';
import { langGraphComparison } from './langgraph-comparison.js';
import { localServer } from './local-server.js';
import { otelNoop } from './otel-noop.js';
import { postgresWorkers } from './postgres-workers.js';
import { storeGrowth } from './store-growth.js';
import { streamAdapter } from './stream-adapter.js';

/** Every scenario, in run order (memory-sensitive ones first). Add new ones here. */
export const scenarios: readonly Scenario[] = [
  idleMachines,
  localServer,
  turnOverhead,
  streamTurnOverhead,
  streamAdapter,
  otelNoop,
  langGraphComparison,
  agentsJsComparison,
  storeGrowth,
  backgroundJobs,
  postgresWorkers,
];
