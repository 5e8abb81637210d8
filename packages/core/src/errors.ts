/**
 * Every failure a Weft user can meet, as tagged errors. Each message says what happened and what
 * to do next. Fields are data the caller acts on (ids, status, delays) and never carry secrets,
 * headers or request bodies.
 *
 * @module
 */
import { Data } from 'effect';

/** The server rate-limited the call (HTTP 429). */
export class RateLimited extends Data.TaggedError('RateLimited')<{
  readonly retryAfterMs: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
}> {
  override get message(): string {
    if (this.code === 'insufficient_quota') {
      return 'The account has no quota left (insufficient_quota); add credit or use another key — retrying will not help.';
    }
    return `The server rate-limited the request; retry after ${this.retryAfterMs ?? 1000} ms, or lower concurrency.`;
  }
}

/** The server failed (HTTP 5xx) or the connection broke before an answer arrived. */
export class ServerError extends Data.TaggedError('ServerError')<{
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  readonly requestId: string | undefined;
  /** True when the request provably never reached the server (connection refused), so re-sending is safe. */
  readonly notSent: boolean;
}> {
  override get message(): string {
    const where =
      this.status === undefined ? 'The connection failed' : `The server answered ${this.status}`;
    return `${where}: ${this.detail}. This is usually transient; retry later or check the endpoint.`;
  }
}

/** The call did not finish within its time limit. */
export class Timeout extends Data.TaggedError('Timeout')<{
  readonly timeoutMs: number;
  readonly operation: string;
}> {
  override get message(): string {
    return `${this.operation} did not finish within ${this.timeoutMs} ms; raise the timeout or use background execution for long turns.`;
  }
}

/** The credentials were missing, wrong or expired (HTTP 401). */
export class Unauthorized extends Data.TaggedError('Unauthorized')<{
  readonly detail: string;
  readonly requestId: string | undefined;
}> {
  override get message(): string {
    return `The server refused the credentials (${this.detail}); check the API key or token and its region.`;
  }
}

/** The credentials are valid but lack access to the model or region (HTTP 403). */
export class Forbidden extends Data.TaggedError('Forbidden')<{
  readonly detail: string;
  readonly requestId: string | undefined;
}> {
  override get message(): string {
    return `Access denied (${this.detail}); enable the model for this account and region, or use other credentials.`;
  }
}

/** The server rejected the request as invalid (HTTP 400/404/409/422 other than the cases below). */
export class InvalidRequest extends Data.TaggedError('InvalidRequest')<{
  readonly status: number;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly detail: string;
  readonly requestId: string | undefined;
}> {
  override get message(): string {
    const param = this.param === undefined ? '' : ` (parameter ${this.param})`;
    return `The server rejected the request${param}: ${this.detail}. Fix the request; retrying it unchanged will fail again.`;
  }
}

/** A response id (`previous_response_id`, retrieve, cancel) is unknown to the server. */
export class PreviousResponseNotFound extends Data.TaggedError('PreviousResponseNotFound')<{
  readonly responseId: string;
}> {
  override get message(): string {
    return `The server no longer has response ${this.responseId}; use the 'local' context strategy (the 'server' strategy falls back to it by itself).`;
  }
}

/** A response id is unknown to the server (retrieve, cancel, delete). */
export class ResponseNotFound extends Data.TaggedError('ResponseNotFound')<{
  readonly responseId: string;
}> {
  override get message(): string {
    return `The server has no response ${this.responseId}; it was deleted, expired, or created with store: false.`;
  }
}

/** The model or server ended the response with status `failed`. */
export class ResponseFailed extends Data.TaggedError('ResponseFailed')<{
  readonly responseId: string | undefined;
  readonly code: string | undefined;
  readonly detail: string;
}> {
  override get message(): string {
    return `Response ${this.responseId ?? '(no id)'} failed${this.code ? ` (${this.code})` : ''}: ${this.detail}. Retry the turn, or check the input if it fails again.`;
  }
}

/** A stream ended before its terminal event. Whatever had arrived is kept on the turn as partial output. */
export class StreamInterrupted extends Data.TaggedError('StreamInterrupted')<{
  readonly turnId: string | undefined;
  readonly responseId: string | undefined;
  readonly lastSequenceNumber: number | undefined;
  readonly detail: string;
}> {
  override get message(): string {
    return `The stream of turn ${this.turnId ?? '(unknown)'} broke after event ${this.lastSequenceNumber ?? 'none'} (${this.detail}); the partial output is kept. Retry the turn, or use background execution to resume instead of re-sending.`;
  }
}

/** The turn was cancelled by the caller (AbortSignal, `turn.cancel()`, or Effect interruption). */
export class Cancelled extends Data.TaggedError('Cancelled')<{
  readonly turnId: string | undefined;
  readonly reason: string;
}> {
  override get message(): string {
    return `Turn ${this.turnId ?? '(not started)'} was cancelled (${this.reason}); send again to start a new turn.`;
  }
}

/** A tool handler threw, or its arguments failed validation under the `fail` policy. */
export class ToolFailed extends Data.TaggedError('ToolFailed')<{
  readonly toolName: string;
  readonly callId: string;
  readonly detail: string;
  readonly turnId: string | undefined;
}> {
  override get message(): string {
    return `Tool ${this.toolName} (call ${this.callId}) failed: ${this.detail}. Fix the tool, or set its onError policy to 'return' so the model sees the error.`;
  }
}

/** The model kept calling tools past the configured bound. */
export class ToolRoundsExceeded extends Data.TaggedError('ToolRoundsExceeded')<{
  readonly maxToolRounds: number;
  readonly turnId: string | undefined;
}> {
  override get message(): string {
    return `The model called tools for more than ${this.maxToolRounds} rounds; raise maxToolRounds or tighten the instructions.`;
  }
}

/** The model's structured output did not parse or did not match its schema. */
export class OutputValidation extends Data.TaggedError('OutputValidation')<{
  readonly turnId: string | undefined;
  readonly issues: readonly string[];
  readonly text: string;
}> {
  override get message(): string {
    return `The structured output did not match its schema: ${this.issues.slice(0, 3).join('; ')}. Enable a corrective retry or loosen the schema.`;
  }
}

/** Two writers raced on one conversation; this one lost and wrote nothing. */
export class Conflict extends Data.TaggedError('Conflict')<{
  readonly conversationId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;
}> {
  override get message(): string {
    return `Conversation ${this.conversationId} changed underneath this write (expected version ${this.expectedVersion}, found ${this.actualVersion ?? 'none'}); reload it and try again.`;
  }
}

/** The endpoint's provider profile does not support what was asked (background on bedrock-runtime, …). */
export class Unsupported extends Data.TaggedError('Unsupported')<{
  readonly feature: string;
  readonly provider: string;
  readonly hint: string;
}> {
  override get message(): string {
    return `${this.provider} does not support ${this.feature}; ${this.hint}.`;
  }
}

/** A store operation failed. Nothing partial was committed. */
export class StorageError extends Data.TaggedError('StorageError')<{
  readonly operation: string;
  readonly detail: string;
}> {
  override get message(): string {
    return `Storage failed during ${this.operation}: ${this.detail}. Check the database file and its permissions; nothing partial was written.`;
  }
}

/** A stored record (conversation, turn, job) does not exist. */
export class NotFound extends Data.TaggedError('NotFound')<{
  readonly kind: 'conversation' | 'turn' | 'job' | 'snapshot';
  readonly id: string;
}> {
  override get message(): string {
    return `No ${this.kind} with id ${this.id} exists in the store; check the id, or list ${this.kind}s to find it.`;
  }
}

/**
 * A job could not be finished by `owner`: its lease expired and another worker took it over, or the
 * job had already ended. Nothing was written; whoever holds the job now finishes it.
 */
export class LeaseLost extends Data.TaggedError('LeaseLost')<{
  readonly jobId: string;
  readonly owner: string;
  /** Who holds the lease now (`null`: nobody). */
  readonly holder: string | null;
  /** The job's stored status. */
  readonly jobStatus: string;
}> {
  override get message(): string {
    const why =
      this.jobStatus !== 'active'
        ? `it has already ended (${this.jobStatus})`
        : this.holder === null || this.holder === this.owner
          ? 'its lease expired'
          : `its lease is held by ${this.holder}`;
    return `Job ${this.jobId} is no longer driven by ${this.owner}: ${why}. Stop driving it; the current holder finishes it.`;
  }
}

/**
 * A configuration value has the wrong type or range (`createWeft` options, conversation settings).
 * Thrown synchronously where the configuration is given, before anything is sent or stored.
 */
export class InvalidConfig extends Data.TaggedError('InvalidConfig')<{
  /** Where the value is, e.g. `defaults.retry.maxAttempts`. */
  readonly path: string;
  /** What is wrong and what is expected. */
  readonly problem: string;
}> {
  override get message(): string {
    return `Invalid configuration at ${this.path}: ${this.problem}.`;
  }
}

/** The conversation is in a state where the requested action makes no sense (send while running, approve with nothing pending). */
export class InvalidState extends Data.TaggedError('InvalidState')<{
  readonly action: string;
  readonly state: string;
}> {
  override get message(): string {
    return `Cannot ${this.action} while the conversation is ${this.state}; wait for the current turn or cancel it first.`;
  }
}

/** Errors from the Responses API port. */
export type ClientError =
  | RateLimited
  | ServerError
  | Timeout
  | Unauthorized
  | Forbidden
  | InvalidRequest
  | PreviousResponseNotFound
  | ResponseNotFound
  | StreamInterrupted
  | Cancelled;

/** Errors from the store ports. */
export type StoreError = StorageError | Conflict | NotFound;

/** Every error `@weft/core` can raise. Bugs are defects, not members of this union. */
export type CoreError =
  | ClientError
  | StoreError
  | ResponseFailed
  | ToolFailed
  | ToolRoundsExceeded
  | OutputValidation
  | Unsupported
  | InvalidState
  | InvalidConfig
  | LeaseLost;

/** The tags of `ClientError`: every error the Responses client port can raise. */
export const clientErrorTags: ReadonlySet<ClientError['_tag']> = new Set<ClientError['_tag']>([
  'RateLimited',
  'ServerError',
  'Timeout',
  'Unauthorized',
  'Forbidden',
  'InvalidRequest',
  'PreviousResponseNotFound',
  'ResponseNotFound',
  'StreamInterrupted',
  'Cancelled',
]);

/** True when `tag` names a `ClientError` (as stored on a failed turn's `error.tag`). */
export function isClientErrorTag(tag: string): tag is ClientError['_tag'] {
  return (clientErrorTags as ReadonlySet<string>).has(tag);
}

const coreTags: ReadonlySet<string> = new Set<CoreError['_tag']>([
  ...clientErrorTags,
  'ResponseFailed',
  'ToolFailed',
  'ToolRoundsExceeded',
  'OutputValidation',
  'Conflict',
  'Unsupported',
  'StorageError',
  'NotFound',
  'InvalidState',
  'InvalidConfig',
  'LeaseLost',
]);

/** True when `value` is one of Weft core's tagged errors. */
export function isCoreError(value: unknown): value is CoreError {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_tag' in value &&
    typeof (value as { _tag: unknown })._tag === 'string' &&
    coreTags.has((value as { _tag: string })._tag)
  );
}
