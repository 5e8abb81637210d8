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

/** What a new record starts with. */
export interface StoredResponseInit {
  readonly base: ResponseBase;
  readonly response: WireResponse | undefined;
  readonly inputItems: readonly StoredItem[];
  readonly context: readonly ContextItem[];
  readonly storedAtMs: number;
  readonly stored: boolean;
  readonly background: boolean;
}

const ACTIVE = new Set(['queued', 'in_progress']);

/**
 * What the server keeps about one response. A finished response is frozen to JSON text: one string
 * per part instead of dozens of small objects, which keeps a store of thousands cheap for the
 * garbage collector; parts are parsed again only when read.
 */
export class StoredResponse {
  readonly id: string;
  /** When it was stored, epoch ms (for `maxAgeMs`). */
  readonly storedAtMs: number;
  /** `store: true` responses are retrievable and chainable. */
  readonly stored: boolean;
  /** Created with `background: true` (cancellable, streamable by id). */
  readonly background: boolean;
  /** Background responses keep their events for `?stream=true` replays; others do not. */
  readonly events: WireEventBody[] | undefined;
  readonly subscribers = new Set<Subscriber>();
  /** Set while a background job runs; `cancel()` stops it. */
  job: { cancel(): void } | undefined;

  private liveBase: ResponseBase | undefined;
  private responseObject: WireResponse | undefined;
  private responseText: string | undefined;
  private inputObjects: readonly StoredItem[] | undefined;
  private inputText: string | undefined;
  private contextObjects: readonly ContextItem[] | undefined;
  private contextText: string | undefined;
  private currentStatus: NonNullable<WireResponse['status']> = 'in_progress';

  constructor(init: StoredResponseInit) {
    this.id = init.base.id;
    this.storedAtMs = init.storedAtMs;
    this.stored = init.stored;
    this.background = init.background;
    this.events = init.background ? [] : undefined;
    this.liveBase = init.base;
    this.inputObjects = init.inputItems;
    this.contextObjects = init.context;
    if (init.response !== undefined) this.response = init.response;
  }

  /** The fixed part of the response, for building snapshots while it runs. */
  get base(): ResponseBase {
    if (this.liveBase === undefined) throw new Error(`Response ${this.id} is finished; its base is no longer kept.`);
    return this.liveBase;
  }

  /** The latest snapshot (final once the response ended). */
  get response(): WireResponse {
    if (this.responseObject === undefined) this.responseObject = JSON.parse(this.responseText ?? 'null') as WireResponse;
    return this.responseObject;
  }

  set response(value: WireResponse) {
    this.responseObject = value;
    this.responseText = undefined;
    this.currentStatus = value.status ?? 'completed';
  }

  /** Status without parsing a frozen response. */
  get status(): NonNullable<WireResponse['status']> {
    return this.currentStatus;
  }

  /** The Response as JSON text (from the frozen text when there is one). */
  responseJson(): string {
    return this.responseText ?? JSON.stringify(this.response);
  }

  /** This request's input items, with ids (for `input_items`). */
  get inputItems(): readonly StoredItem[] {
    if (this.inputObjects === undefined) this.inputObjects = JSON.parse(this.inputText ?? '[]') as StoredItem[];
    return this.inputObjects;
  }

  /** The context the model saw: the predecessor chain or conversation, then this input. */
  get context(): readonly ContextItem[] {
    if (this.contextObjects === undefined) this.contextObjects = JSON.parse(this.contextText ?? '[]') as ContextItem[];
    return this.contextObjects;
  }

  /** Whether `id` appears in the kept JSON at all (a cheap filter before parsing for `item_reference`). */
  mayContain(id: string): boolean {
    const needle = `"id":${JSON.stringify(id)}`;
    return (this.inputText?.includes(needle) ?? true) || (this.responseText?.includes(needle) ?? true);
  }

  /**
   * Keep the finished response as text only. `responseJson` may pass text already serialised.
   * Background responses keep their objects (their events are kept anyway).
   */
  freeze(responseJson?: string): void {
    if (this.background || isActive(this)) return;
    this.responseText = responseJson ?? JSON.stringify(this.response);
    this.responseObject = undefined;
    this.inputText = JSON.stringify(this.inputObjects ?? []);
    this.inputObjects = undefined;
    this.contextText = JSON.stringify(this.contextObjects ?? []);
    this.contextObjects = undefined;
    this.liveBase = undefined;
  }
}

/** Whether a response has not reached a terminal status. */
export function isActive(record: StoredResponse): boolean {
  return ACTIVE.has(record.status);
}
