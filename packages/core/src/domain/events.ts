import type { OutputItem, ResponseObject } from './items.js';

/** The kind of text a delta extends. */
export type DeltaKind = 'text' | 'refusal' | 'reasoning' | 'reasoning_summary' | 'function_arguments';

/**
 * What an execution strategy reports while a turn runs. The same shape for blocking, streaming and
 * background turns, so consumers need not care how the turn ran.
 */
export type TurnEvent =
  | { readonly type: 'created'; readonly turnId: string; readonly responseId: string; readonly status: string }
  | {
      readonly type: 'delta';
      readonly turnId: string;
      readonly kind: DeltaKind;
      readonly itemId: string;
      readonly outputIndex: number;
      readonly delta: string;
    }
  | { readonly type: 'item.done'; readonly turnId: string; readonly outputIndex: number; readonly item: OutputItem }
  | { readonly type: 'completed'; readonly turnId: string; readonly response: ResponseObject }
  | { readonly type: 'incomplete'; readonly turnId: string; readonly response: ResponseObject; readonly reason: string }
  | { readonly type: 'failed'; readonly turnId: string; readonly response: ResponseObject | null; readonly code: string | undefined; readonly message: string }
  | { readonly type: 'cancelled'; readonly turnId: string; readonly responseId: string | null };

/** An event kept in the store for re-attaching readers: its index within the turn and the raw payload. */
export interface StoredEvent {
  readonly turnId: string;
  /** 0-based position within the turn's event log. */
  readonly index: number;
  readonly event: TurnEvent;
  readonly at: number;
}
