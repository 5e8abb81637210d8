import type { Effect } from 'effect';
import type { TurnEvent } from '../domain/events.js';
import type { ExecutionStrategyName } from '../domain/turn.js';
import type { CoreError } from '../errors.js';
import type { CreateParams, ResponsesClientShape } from './responses-client.js';
import type { JobStoreShape } from './job-store.js';
import type { TurnStoreShape } from './turn-store.js';
import type { ResponseObject } from '../domain/items.js';
import type { ProviderProfile } from './provider-profile.js';

/** Everything a strategy needs to run one prepared request. */
export interface StrategyContext {
  readonly turnId: string;
  readonly conversationId: string;
  readonly client: ResponsesClientShape;
  readonly store: TurnStoreShape;
  /** Present when the application configured one; background execution requires it. */
  readonly jobs: JobStoreShape | undefined;
  readonly now: () => number;
  /** Reports progress; consumers see these as the turn's events. */
  readonly emit: (event: TurnEvent) => void;
  readonly timeoutMs: number | undefined;
  /**
   * Backpressure: `undefined` while consumers keep up; otherwise a promise that resolves when the
   * slowest `for await` reader has room again. Streaming strategies await it between chunks so a
   * slow reader slows the HTTP read instead of filling memory.
   */
  readonly capacity?: (() => Promise<void> | undefined) | undefined;
}

/**
 * Runs one prepared request and reports progress as events. Must record the response id in the
 * store the moment it is known, before anything else. Resolves with the terminal Response
 * (`completed`, `incomplete`, or `failed`); transport problems fail with tagged errors.
 */
export interface ExecutionStrategy {
  readonly name: ExecutionStrategyName;
  /**
   * True when this strategy can run on `profile` although the profile lacks the capability its
   * name implies (a background strategy that falls back to an in-process stream, say).
   */
  readonly supports?: ((profile: ProviderProfile) => boolean) | undefined;
  run(params: CreateParams, context: StrategyContext): Effect.Effect<ResponseObject, CoreError>;
}
