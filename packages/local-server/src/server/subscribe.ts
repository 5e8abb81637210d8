import { type FrameStyle, encodeFrames } from '../sse/encode.js';
import { FrameFeed } from '../sse/event-feed.js';
import { type StoredResponse, type Subscriber, isActive } from '../store/stored-response.js';

/**
 * A live feed of a background response's events with `sequence_number > after`: the logged ones at
 * once, then new ones as they happen, ending with the response (or when the reader leaves).
 */
export function subscribe(record: StoredResponse, after: number, style: FrameStyle, malformedAt: number | undefined): FrameFeed {
  const feed = new FrameFeed();
  for (const frame of encodeFrames(record.events ?? [], style, malformedAt, after + 1)) feed.push(frame);
  if (!isActive(record) || record.job === undefined) {
    feed.end();
    return feed;
  }
  const subscriber: Subscriber = { feed, style, malformedAt };
  record.subscribers.add(subscriber);
  feed.setOnClose(() => record.subscribers.delete(subscriber));
  return feed;
}
