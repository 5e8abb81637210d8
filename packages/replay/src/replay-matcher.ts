/**
 * Matching requests against a recording: by position and by the hash of the normalised request.
 *
 * @module
 */
import { diffJson, formatChanges } from './divergence/request-diff.js';
import {
  normalizeRequest,
  requestHash,
  type IdTokens,
  type Json,
  type NormalizeOptions,
} from './divergence/normalize-request.js';
import { ReplayDivergence } from './errors.js';
import type { RecordedCall, Recording } from './recording/load-recording.js';

/** How strictly requests must match. */
export type ReplayMode = 'strict' | 'lenient';

/** What to do with a request. */
export type MatchDecision =
  | { readonly kind: 'recorded'; readonly call: RecordedCall; readonly position: number }
  | { readonly kind: 'live'; readonly position: number; readonly divergence: ReplayDivergence }
  | { readonly kind: 'diverged'; readonly divergence: ReplayDivergence };

/**
 * Keeps the replay's position, the ids it handed out and the tokens they compare as.
 *
 * Ids differ between runs only when a response did not come from the recording: recorded calls
 * are served with their recorded ids, so a `previous_response_id` the application sends names a
 * recorded response and becomes `@response[n]`, as the recorded request's did. Responses fetched
 * live (lenient mode) become `@live[n]`, so every request chained to one differs from the
 * recording and goes live as well.
 */
export class ReplayMatcher {
  private cursor = 0;
  private liveCount = 0;
  private readonly consumed = new Set<number>();
  private readonly responseTokens = new Map<string, string>();
  private readonly conversationTokens = new Map<string, string>();
  private readonly normalized: Record<string, Json>[];
  private readonly hashes: string[];
  readonly tokens: IdTokens;

  constructor(
    readonly recording: Recording,
    private readonly mode: ReplayMode,
    private readonly options: NormalizeOptions,
  ) {
    recording.calls.forEach((call) => {
      if (call.turn.responseId !== null)
        this.responseTokens.set(call.turn.responseId, `@response[${call.position}]`);
      const conv = call.conversation.serverConversationId;
      if (conv !== null) this.conversationTokens.set(conv, '@conversation');
    });
    this.tokens = {
      response: (id) => this.responseTokens.get(id),
      conversation: (id) => this.conversationTokens.get(id),
    };
    this.normalized = recording.calls.map((c) => normalizeRequest(c.request, this.tokens, options));
    this.hashes = this.normalized.map((n) => requestHash(n));
  }

  /** The normalised form of a recorded call's request. */
  recordedRequest(position: number): Record<string, Json> | undefined {
    return this.normalized[position];
  }

  /** The position the next request is compared with. */
  get position(): number {
    return this.cursor;
  }

  /** Recorded calls not served yet. */
  remaining(): readonly RecordedCall[] {
    return this.recording.calls.filter((c) => !this.consumed.has(c.position));
  }

  /** Notes a live response id so later requests chained to it compare as `@live[n]`. */
  noteLiveResponse(id: string): void {
    if (!this.responseTokens.has(id)) this.responseTokens.set(id, `@live[${this.liveCount++}]`);
  }

  /** Notes a server conversation id handed out by the replay. */
  noteConversation(id: string): void {
    if (!this.conversationTokens.has(id)) this.conversationTokens.set(id, '@conversation');
  }

  /** Decides how to answer a create or stream request. */
  match(params: unknown, canGoLive: boolean): MatchDecision {
    const current = normalizeRequest(params, this.tokens, this.options);
    const hash = requestHash(current);
    const position = this.cursor;
    const at = this.recording.calls[position];
    if (at !== undefined && !this.consumed.has(position) && this.hashes[position] === hash) {
      return this.serve(at);
    }
    if (this.mode === 'lenient') {
      const other = this.recording.calls.find(
        (c) => !this.consumed.has(c.position) && this.hashes[c.position] === hash,
      );
      if (other !== undefined) return this.serve(other);
    }
    const divergence = this.divergence(position, at, current);
    if (this.mode === 'lenient' && canGoLive) {
      this.cursor++;
      if (at !== undefined) this.consumed.add(at.position);
      return { kind: 'live', position, divergence };
    }
    return { kind: 'diverged', divergence };
  }

  private serve(call: RecordedCall): MatchDecision {
    this.consumed.add(call.position);
    this.cursor = Math.max(this.cursor, call.position + 1);
    return { kind: 'recorded', call, position: call.position };
  }

  /** A divergence at `position` against the recorded call there (or `extra` past the end). */
  divergence(
    position: number,
    at: RecordedCall | undefined,
    current: Record<string, Json>,
  ): ReplayDivergence {
    if (at === undefined) {
      return new ReplayDivergence({
        kind: 'extra',
        position,
        turnId: undefined,
        responseId: undefined,
        changes: [],
        report: `+ request #${position}: not recorded (the recording holds ${this.recording.calls.length} calls)`,
      });
    }
    const { changes } = diffJson(this.normalized[at.position] ?? {}, current);
    return new ReplayDivergence({
      kind: 'changed',
      position,
      turnId: at.turn.id,
      responseId: at.turn.responseId ?? undefined,
      changes,
      report: formatChanges(changes),
    });
  }
}
