import type { Scenario } from '../scenario.js';
import { localServerBlocking } from './local-server-blocking.js';
import { localServerSse } from './local-server-sse.js';

/** Every scenario, in run order. Add new ones here. */
export const scenarios: readonly Scenario[] = [localServerBlocking, localServerSse];
