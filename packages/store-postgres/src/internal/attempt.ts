/**
 * Runs store work as an Effect, retrying the failures that are safe to retry.
 *
 * @module
 */
import type { StorageError } from '@weft/core';
import { Effect } from 'effect';
import { type DomainFailure, type ErrorContext, failureKind, isDomainFailure, toStorageError } from './errors.js';

/**
 * What a retry may assume about an operation:
 * - `idempotent`: running it twice leaves the same result (reads, lease renewals, upserts that
 *   set values), so it is retried even when the connection broke mid-statement;
 * - `once`: retried only when the statement provably did not run (never sent, or rolled back).
 */
export type Safety = 'idempotent' | 'once';

/** The error context plus the retry budget. */
export interface RunContext extends ErrorContext {
  /** Extra attempts after the first (default 2). */
  readonly retries: number;
  /** Delay before the first retry, doubled for each further one. */
  readonly retryDelayMs: number;
}

function retryable(error: unknown, safety: Safety): boolean {
  const kind = failureKind(error);
  if (kind === 'notSent' || kind === 'rolledBack') return true;
  return kind === 'unknown' && safety === 'idempotent';
}

async function withRetry<A>(context: RunContext, safety: Safety, body: () => Promise<A>): Promise<A> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await body();
    } catch (error) {
      if (attempt >= context.retries || isDomainFailure(error) || !retryable(error, safety)) throw error;
      await new Promise((resolve) => setTimeout(resolve, context.retryDelayMs * 2 ** attempt));
    }
  }
}

/**
 * Runs `body`; `NotFound` and `Conflict` it throws pass through as themselves (typed `E`), every
 * other failure becomes a `StorageError` naming `operation` once the retries allowed by `safety`
 * are spent.
 */
export function attemptOr<E extends DomainFailure = never>(
  context: RunContext,
  operation: string,
  safety: Safety,
): <A>(body: () => Promise<A>) => Effect.Effect<A, StorageError | E> {
  return <A>(body: () => Promise<A>) =>
    Effect.callback<A, StorageError | E>((resume) => {
      withRetry(context, safety, body).then(
        (value) => resume(Effect.succeed(value)),
        (error: unknown) =>
          resume(
            Effect.fail(isDomainFailure(error) ? (error as E) : toStorageError(operation, error, context)),
          ),
      );
    });
}

/** {@link attemptOr} for operations with no domain failures. */
export function attempt<A>(
  context: RunContext,
  operation: string,
  safety: Safety,
  body: () => Promise<A>,
): Effect.Effect<A, StorageError> {
  return attemptOr<never>(context, operation, safety)(body);
}
