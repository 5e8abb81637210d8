/**
 * Translation of PostgreSQL and connection failures into `StorageError`, once, at the store
 * boundary, and the rule for which failures may be retried. Messages name what happened and what
 * to do; they never carry SQL parameters, row contents or the connection URL's password.
 *
 * @module
 */
import { Conflict, NotFound, StorageError } from '@weft/core';

/** What messages may say about the database: its address without credentials. */
export interface ErrorContext {
  /** `host:port/database`. */
  readonly where: string;
  readonly statementTimeoutMs: number;
}

/** Network-level codes node-postgres surfaces from the socket. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

/** The SQLSTATE or socket code of a thrown value or of any error in its cause chain. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  let current: unknown = error;
  const parts: string[] = [];
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' / ');
}

/**
 * How a failure relates to the statement that met it:
 * - `notSent`: the statement never reached the server (no connection), so re-sending is safe;
 * - `rolledBack`: the server aborted the transaction (serialization failure, deadlock), so
 *   running it again is safe;
 * - `unknown`: the connection broke while the statement ran; it may or may not have committed;
 * - `permanent`: retrying will fail the same way.
 */
export type FailureKind = 'notSent' | 'rolledBack' | 'unknown' | 'permanent';

/** Classifies a failure for the retry rule. */
export function failureKind(error: unknown): FailureKind {
  const code = errorCode(error);
  const message = messageOf(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'notSent';
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)) {
    return 'notSent';
  }
  if (code === '57P03' || code === '53300') return 'notSent'; // starting up; too many connections
  if (code === '40001' || code === '40P01') return 'rolledBack';
  if (code !== undefined && (socketCodes.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02')) {
    return 'unknown';
  }
  if (/Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)) {
    return 'unknown';
  }
  return 'permanent';
}

/** An actionable description of a failure, from its code and kind alone. */
export function describeFailure(error: unknown, context: ErrorContext): string {
  const code = errorCode(error);
  const message = messageOf(error);
  if (/Cannot use a pool after calling end|pool is ended/i.test(message)) {
    return 'the store is closed; open it again with openPostgresStore';
  }
  if (code === '57014') {
    return `a statement ran past the statement timeout (${context.statementTimeoutMs} ms) and was cancelled; nothing it wrote was kept — raise statementTimeoutMs or look for a lock held by another session`;
  }
  if (code === '3D000') {
    return `the database in ${context.where} does not exist; create it (CREATE DATABASE) or fix the URL`;
  }
  if (code === '28P01' || code === '28000') {
    return `the server at ${context.where} refused the credentials (${code}); check the user and password in the URL or the environment`;
  }
  if (code === '42501') {
    return `the database user lacks a privilege the store needs (${code}); grant it, or run migratePostgresStore as the schema owner`;
  }
  if (code === '53300') {
    return `the server at ${context.where} has no free connections (${code}); lower the pool size of each process or raise max_connections`;
  }
  if (code === '40001' || code === '40P01') {
    return `the server aborted the transaction to resolve a conflict with another one (${code}) and retries did not get through; retry later`;
  }
  if (code?.startsWith('23') === true) {
    return `a database constraint refused the write (${code}); the referenced record may be missing or already exist`;
  }
  switch (failureKind(error)) {
    case 'notSent':
      return `the server at ${context.where} cannot be reached (${code ?? 'connect timeout'}); check that it runs and the URL, nothing was written`;
    case 'unknown':
      return `the connection to ${context.where} was lost (${code ?? 'terminated'}) while a statement ran; it may or may not have been applied — read back before writing again`;
    default:
      break;
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return `PostgreSQL failed with SQLSTATE ${code}`;
  const name = error instanceof Error ? error.name : typeof error;
  return `an unexpected ${name} was thrown; this is a bug, please report it`;
}

/** A `StorageError` for `operation` from a thrown failure. */
export function toStorageError(operation: string, error: unknown, context: ErrorContext): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError({ operation, detail: describeFailure(error, context) });
}

/** The domain failures a store body may throw on purpose; everything else becomes `StorageError`. */
export type DomainFailure = NotFound | Conflict;

/** True for `NotFound` and `Conflict`. */
export function isDomainFailure(error: unknown): error is DomainFailure {
  return error instanceof NotFound || error instanceof Conflict;
}
