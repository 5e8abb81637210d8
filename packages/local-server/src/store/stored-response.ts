import type { ContextItem } from '../model/types.js';
import type { StoredItem } from '../request/stored-item.js';
import type { FrameStyle } from '../sse/encode.js';
import type { FrameFeed } from '../sse/event-feed.js';
import type { ResponseBase } from '../wire/response-snapshot.js';
import type { WireEventBody, WireResponse } from '../wire/types.js';

/** A reader of a background response's live event log. */
export interface Subscriber {
  readonly feed: FrameFeed;
  readonly style: FrameStyle;
  readonly malformedAt: number | undefined;
}

/** What the server keeps about one response. */
export interface StoredResponse {
  readonly id: string;
  readonly base: ResponseBase;
  /** The latest snapshot (final once the response ended). */
  response: WireResponse;
  /** This request's input items, with ids (for `input_items`). */
  readonly inputItems: readonly StoredItem[];
  /** The context the model saw: the predecessor chain or conversation, then this input. */
  readonly context: readonly ContextItem[];
  /** When it was stored, epoch ms (for `maxAgeMs`). */
  readonly storedAtMs: number;
  /** `store: true` responses are retrievable and chainable; others are kept only while running in background. */
  readonly stored: boolean;
  /** Background responses keep their events for `?stream=true` replays; others do not. */
  readonly events: WireEventBody[] | undefined;
  readonly subscribers: Set<Subscriber>;
  /** Set while a background job runs; `cancel()` stops it. */
  job: { cancel(): void } | undefined;
}

const ACTIVE = new Set(['queued', 'in_progress']);

/** Whether a response has not reached a terminal status. */
export function isActive(record: StoredResponse): boolean {
  return ACTIVE.has(record.response.status ?? 'completed');
}
