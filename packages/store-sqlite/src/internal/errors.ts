/**
 * Translation of SQLite failures into `StorageError`, once, at the store boundary. Messages name
 * what happened and what to do; they never carry SQL parameters or row contents.
 *
 * @module
 */
import { Conflict, NotFound, StorageError } from '@weft/core';
import { Effect } from 'effect';

/** What the messages may say about the database: its path and busy timeout. */
export interface ErrorContext {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

/** The SQLite result code (`SQLITE_BUSY`, …) of a thrown value or of any error in its cause chain. */
export function sqliteCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** An actionable description of a SQLite failure, from its code alone. */
export function describeFailure(error: unknown, context: ErrorContext): string {
  const code = sqliteCode(error);
  if (code === undefined) {
    if (error instanceof TypeError && /connection is not open/i.test(error.message)) {
      return 'the store is closed; open it again with openSqliteStore';
    }
    if (error instanceof TypeError && /directory does not exist/i.test(error.message)) {
      return `${context.path} cannot be opened (its directory does not exist); create the directory first`;
    }
    const name = error instanceof Error ? error.name : typeof error;
    return `an unexpected ${name} was thrown; this is a bug, please report it`;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `the database ${context.path} is locked by another process past the busy timeout (${context.busyTimeoutMs} ms); let the other writer finish, close it, or raise busyTimeoutMs`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `${context.path} is not a Weft database or is corrupt (${code}); restore it from a backup or open another path — the file was not modified`;
  }
  if (code === 'SQLITE_FULL') {
    return `the disk holding ${context.path} is full (${code}); free space and retry`;
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return `${context.path} cannot be written (${code}); open it without readonly, or check file and directory permissions`;
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM') ||
    code === 'SQLITE_AUTH'
  ) {
    return `${context.path} cannot be opened (${code}); check that the directory exists and is writable`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `an I/O error hit ${context.path} (${code}); check the disk and its free space`;
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return `a database constraint refused the write (${code}); the referenced record may be missing or already exist`;
  }
  return `SQLite failed with ${code}`;
}

/** A `StorageError` for `operation` from a thrown SQLite failure. */
export function toStorageError(
  operation: string,
  error: unknown,
  context: ErrorContext,
): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError({ operation, detail: describeFailure(error, context) });
}

/** The domain failures a store body may throw on purpose; everything else becomes `StorageError`. */
export type DomainFailure = NotFound | Conflict;

/**
 * Runs synchronous store work as an Effect (a `suspend` with try/catch: about 1 µs, where
 * `Effect.try` costs about 6 µs per call); any throw becomes a `StorageError` naming `operation`. */
export function attempt<A>(
  context: ErrorContext,
  operation: string,
  body: () => A,
): Effect.Effect<A, StorageError> {
  return Effect.suspend(() => {
    try {
      return Effect.succeed(body());
    } catch (error) {
      return Effect.fail(toStorageError(operation, error, context));
    }
  });
}

/**
 * Like {@link attempt}, but the domain failures `E` (`NotFound`, `Conflict`) thrown by `body`
 * pass through as themselves.
 */
export function attemptOr<E extends DomainFailure>(
  context: ErrorContext,
  operation: string,
): <A>(body: () => A) => Effect.Effect<A, StorageError | E> {
  return (body) =>
    Effect.suspend(() => {
      try {
        return Effect.succeed(body());
      } catch (error) {
        return Effect.fail(
          error instanceof NotFound || error instanceof Conflict
            ? (error as E)
            : toStorageError(operation, error, context),
        );
      }
    });
}
