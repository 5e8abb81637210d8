import { encodeFrame, encodeMalformedFrame } from '../sse/encode.js';
import { type StoredResponse, type Subscriber } from '../store/stored-response.js';
import { buildSnapshot } from '../wire/response-snapshot.js';
import type { WireEventBody, WireOutputItem, WireResponse } from '../wire/types.js';

/** How a background response progresses. */
export interface BackgroundPacing {
  /** Pause between steps (events); 0 = the whole answer right after one tick. */
  readonly stepMs: number;
  /** Stop after `in_progress` and stay there until cancelled. */
  readonly stall: boolean;
}

/** Called once when the response reaches a terminal status (not on cancel). */
export type OnFinish = (final: WireResponse) => void;

function publish(record: StoredResponse, event: WireEventBody, seq: number, subscriber: Subscriber): void {
  subscriber.feed.push(
    seq === subscriber.malformedAt ? encodeMalformedFrame(event, seq, subscriber.style) : encodeFrame(event, seq, subscriber.style),
  );
}

/** Append one event to the log, update the snapshot, and tell live readers. */
function append(record: StoredResponse, event: WireEventBody, output: WireOutputItem[]): void {
  const events = record.events as WireEventBody[];
  const seq = events.length;
  events.push(event);
  switch (event.type) {
    case 'response.in_progress':
      record.response = event.response;
      break;
    case 'response.output_item.done':
      output.push(event.item as WireOutputItem);
      record.response = buildSnapshot(record.base, {
        status: 'in_progress',
        output: [...output],
        usage: null,
        error: null,
        incompleteReason: null,
        completedAt: null,
      });
      break;
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
      record.response = event.response;
      break;
    default:
      break;
  }
  for (const subscriber of record.subscribers) publish(record, event, seq, subscriber);
}

function endSubscribers(record: StoredResponse): void {
  for (const subscriber of record.subscribers) subscriber.feed.end();
  record.subscribers.clear();
}

/**
 * Drive a background response through its planned events: `created` and `queued` are logged at
 * once (the POST answers `queued`), the rest follow on timers. `cancel()` stops it and marks the
 * response `cancelled`; live streams then close without a terminal event.
 */
export function startBackground(
  record: StoredResponse,
  planned: readonly WireEventBody[],
  pacing: BackgroundPacing,
  onFinish: OnFinish,
): void {
  const output: WireOutputItem[] = [];
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // created, queued
  while (next < planned.length && next < 2) append(record, planned[next++] as WireEventBody, output);
  record.response = (planned[1] as Extract<WireEventBody, { type: 'response.queued' }>).response;

  const finish = (): void => {
    stopped = true;
    record.job = undefined;
    endSubscribers(record);
    onFinish(record.response);
  };

  const step = (): void => {
    timer = undefined;
    if (stopped) return;
    do {
      const event = planned[next++] as WireEventBody;
      append(record, event, output);
      if (pacing.stall && event.type === 'response.in_progress') return;
    } while (pacing.stepMs <= 0 && next < planned.length);
    if (next >= planned.length) finish();
    else timer = setTimeout(step, pacing.stepMs);
  };

  record.job = {
    cancel() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      record.job = undefined;
      record.response = buildSnapshot(record.base, {
        status: 'cancelled',
        output: [...output],
        usage: null,
        error: null,
        incompleteReason: null,
        completedAt: null,
      });
      endSubscribers(record);
    },
  };
  timer = setTimeout(step, pacing.stepMs);
}
