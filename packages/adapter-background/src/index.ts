/**
 * `@weft/adapter-background`: durable background turns for Weft. Responses are created with
 * `background: true`, written to the job store before anything else happens, driven by polling or
 * by a resumable stream under a lease, and finished by whichever process is alive.
 *
 * @module
 */
export { backgroundStrategy, type BackgroundStrategyOptions } from './background-strategy.js';
export {
  createBackgroundWorker,
  type BackgroundWorker,
  type BackgroundWorkerOptions,
} from './background-worker.js';
export type { JobReport } from './internal/worker-step.js';
export type { WorkerStats } from './internal/worker-loop.js';
export type { HeadMove } from './internal/finalize.js';
export type { FlushPolicy } from './internal/drive-stream.js';
export {
  defaultPollOptions,
  defaultLeaseMs,
  type PollOptions,
  type ResolvedPoll,
} from './internal/options.js';
